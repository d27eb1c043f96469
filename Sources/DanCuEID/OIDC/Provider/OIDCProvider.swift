public import DanCuAccess
public import DanCuCard
import DanCuCore
import DanCuRegister
public import DanCuStore
import Foundation

/// The OpenID Connect provider's use cases: pushed authorization requests, the holder's decision,
/// the code exchange with PKCE, refresh with rotation, revocation, introspection and UserInfo.
/// Every handle it gives out (request URI, code, token) is random and kept only as a SHA-256 hash.
public struct OIDCProvider: Sendable {
    public let issuer: String
    let store: any Store
    public let clients: ClientRegistry
    let keys: SigningKeys
    let subjects: SubjectIdentifiers
    let gate: Gate
    /// The signer over the live keys, made again at most every `SignerCache.lifetime` seconds rather
    /// than for every token.
    let signers = SignerCache()
    public var requestLifetime: Int64 = 90
    public var codeLifetime: Int64 = 60
    public var accessLifetime: Int64 = 600
    public var refreshLifetime: Int64 = 30 * 86_400

    public static let requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

    /// Every release of claims (a token issued or refreshed, a UserInfo answer) is a grant of `gate` and
    /// its access-log entry: the relying party as actor, the holder as subject, the released fields.
    public init(issuer: String, store: any Store, cardKeys: CardKeyStore, gate: Gate) {
        self.issuer = issuer
        self.store = store
        clients = ClientRegistry(store: store, audiences: [issuer, issuer + "/oidc/token"])
        keys = SigningKeys(store: store, keys: cardKeys)
        subjects = SubjectIdentifiers(salt: cardKeys.derivedKey(purpose: "pairwise subjects"))
        self.gate = gate
    }

    // MARK: Authorization

    /// A pushed authorization request (RFC 9126): the client authenticates, its parameters are checked,
    /// and it gets a `request_uri` to send the holder's browser to.
    /// A DPoP proof sent with the push binds the code to its key, like `dpop_jkt` (RFC 9449 §10.1).
    public func push(
        _ parameters: [String: String], credentials: ClientCredentials,
        dpop: DPoPProof? = nil
    ) async throws -> (requestURI: String, expiresIn: Int64) {
        let client = try await clients.authenticate(credentials)
        var parameters = parameters
        if let dpop {
            guard parameters["dpop_jkt"] == nil || parameters["dpop_jkt"] == dpop.jkt else {
                throw OAuthError(.invalidDPoPProof, "dpop_jkt is not the thumbprint of the DPoP proof's key")
            }
            parameters["dpop_jkt"] = dpop.jkt
        }
        _ = try AuthorizationRequest(parameters: parameters, client: client)
        let handle = Self.newHandle()
        let payload = String(decoding: try JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys]), as: UTF8.self)
        try await store.write { [requestLifetime] db in
            try db.execute(
                "INSERT INTO oidc_requests (handle_hash, kind, client_id, payload, expires_at, used) VALUES (?, 'par', ?, ?, ?, 0)",
                [.text(Self.hash(handle)), .text(client.clientId), .text(payload), .int(WallClock.nowMicros() + requestLifetime * 1_000_000)])
        }
        return (Self.requestURIPrefix + handle, requestLifetime)
    }

    /// The pending request behind a `request_uri`, for the login and consent pages.
    public func pending(requestURI: String, clientId: String) async throws -> (request: AuthorizationRequest, client: RelyingParty) {
        guard requestURI.hasPrefix(Self.requestURIPrefix) else { throw OAuthError(.invalidRequestURI, "not a request_uri of this provider") }
        let handle = String(requestURI.dropFirst(Self.requestURIPrefix.count))
        guard
            let row = try await store.readOne({ db in
                try db.queryOne(
                    "SELECT client_id, payload, expires_at, used FROM oidc_requests WHERE handle_hash = ? AND kind = 'par'",
                    [.text(Self.hash(handle))])
            }), try row.string("client_id") == clientId, try row.int("expires_at") > WallClock.nowMicros(), try row.int("used") == 0
        else {
            throw OAuthError(.invalidRequestURI, "the request_uri is unknown, used or expired: push the request again")
        }
        let parameters = try JSONSerialization.jsonObject(with: Data(try row.string("payload").utf8)) as? [String: String] ?? [:]
        let client = try await clients.client(clientId)
        return (try AuthorizationRequest(parameters: parameters, client: client), client)
    }

    /// The holder, signed in, approved: the request is used up, the consent recorded, and a code made.
    /// An account below the level the client asked for gets `unmet_authentication_requirements`.
    /// Answers the URL to redirect the browser to.
    /// The holder's consent is in their access log, written before it is stored.
    public func approve(
        requestURI: String, clientId: String, account: EIDAccount, authTime: Int64, amr: [String],
        requestId: String
    ) async throws -> String {
        let (request, _) = try await pending(requestURI: requestURI, clientId: clientId)
        try await use(requestURI)
        guard let level = account.level, level >= request.acr.level, account.status == .active else {
            return Self.redirect(
                request.redirectURI,
                [
                    "error": OAuthError.Code.unmetAuthenticationRequirements.rawValue,
                    "error_description": "the account's level is below \(request.acr.rawValue)", "state": request.state, "iss": issuer,
                ])
        }
        try await gate.recordOwnAccess("self-give-consent", fields: ["consents"], for: .holder(account.subject, requestId: requestId))
        let code = Self.newHandle()
        let grant = Grant(
            grantId: Self.newHandle(), clientId: clientId, redirectURI: request.redirectURI, codeChallenge: request.codeChallenge,
            scopes: request.scopes, nonce: request.nonce, acr: AuthenticationContext(level).rawValue, account: account.subject,
            authTime: authTime, amr: amr, purpose: request.purpose, dpopJkt: request.dpopJkt)
        let payload = String(decoding: try JSONEncoder().encode(grant), as: UTF8.self)
        let now = WallClock.nowMicros()
        try await store.write { [codeLifetime] db in
            try db.execute(
                "INSERT INTO oidc_requests (handle_hash, kind, client_id, payload, expires_at, used) VALUES (?, 'code', ?, ?, ?, 0)",
                [.text(Self.hash(code)), .text(clientId), .text(payload), .int(now + codeLifetime * 1_000_000)])
            try db.execute("DELETE FROM oidc_consents WHERE account = ? AND client_id = ?", [.text(account.subject), .text(clientId)])
            try db.execute(
                "INSERT INTO oidc_consents (account, client_id, scopes, purpose, granted_at) VALUES (?,?,?,?,?)",
                [
                    .text(account.subject), .text(clientId), .text(request.scopes.map(\.rawValue).joined(separator: " ")),
                    .text(request.purpose), .int(now),
                ])
        }
        return Self.redirect(request.redirectURI, ["code": code, "state": request.state, "iss": issuer])
    }

    /// The holder declined.
    public func deny(requestURI: String, clientId: String) async throws -> String {
        let (request, _) = try await pending(requestURI: requestURI, clientId: clientId)
        try await use(requestURI)
        return Self.redirect(request.redirectURI, ["error": OAuthError.Code.accessDenied.rawValue, "state": request.state, "iss": issuer])
    }

    func use(_ requestURI: String) async throws {
        let handle = String(requestURI.dropFirst(Self.requestURIPrefix.count))
        try await store.write { db in
            try db.execute("UPDATE oidc_requests SET used = 1 WHERE handle_hash = ?", [.text(Self.hash(handle))])
        }
    }

    // MARK: Helpers

    static func newHandle() -> String {
        ByteText.base64URL(Secrets.randomBytes(32))
    }

    static func hash(_ handle: String) -> String { Secrets.tokenHash(handle) }

    static func redirect(_ uri: String, _ parameters: [String: String?]) -> String {
        var components = URLComponents(string: uri)
        var items = components?.queryItems ?? []
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            if let value { items.append(URLQueryItem(name: name, value: value)) }
        }
        components?.queryItems = items
        return components?.string ?? uri
    }
}
