import DanCuAccess
import DanCuCore
public import DanCuStore
public import Foundation
public import JWTKit

/// How a client proves itself at the token, revocation and introspection endpoints.
public enum ClientCredentials: Sendable {
    /// `client_secret_basic`: the id and secret from the HTTP Basic header.
    case secret(clientId: String, secret: String)
    /// `private_key_jwt`: `client_assertion` signed with a key of the client's registered JWKS.
    case assertion(String)
}

/// The relying parties an administrator registered, and the proof each gives of itself.
public struct ClientRegistry: Sendable {
    let store: any Store
    /// Where client assertions must be addressed (`aud`): the token endpoint or the issuer.
    let audiences: [String]

    public init(store: any Store, audiences: [String]) {
        self.store = store
        self.audiences = audiences
    }

    /// Registers a relying party with a secret (kept as a SHA-256 hash; secrets are long random
    /// strings, not passwords) or a JWKS of its public keys, as its authentication method needs.
    public func register(_ client: RelyingParty, secret: String? = nil, jwks: String? = nil) async throws {
        switch client.authentication {
        case .clientSecretBasic:
            guard let secret, secret.utf8.count >= 32 else { throw OAuthError(.invalidRequest, "client_secret_basic needs a secret of at least 32 characters") }
        case .privateKeyJWT:
            guard let jwks else { throw OAuthError(.invalidRequest, "private_key_jwt needs the client's JWKS") }
            _ = try await JWTKeyCollection().add(jwksJSON: jwks)
        }
        let registration = String(decoding: try JSONEncoder().encode(client), as: UTF8.self)
        try await store.write { db in
            try db.execute(
                "INSERT INTO oidc_clients (client_id, registration, secret_hash, jwks, created_at) VALUES (?,?,?,?,?)",
                [
                    .text(client.clientId), .text(registration), secret.map { .text(Self.hash($0)) } ?? .null,
                    jwks.map { .text($0) } ?? .null, .int(WallClock.nowMicros()),
                ])
        }
    }

    /// Registers what an administrator filled in: checked field by field, a secret made for
    /// `client_secret_basic` and answered once. A client id already taken is a conflict.
    public func register(_ application: RelyingPartyApplication) async throws -> (client: RelyingParty, secret: String?) {
        let client = try await application.validated()
        let secret = client.authentication == .clientSecretBasic ? Secrets.newToken() : nil
        do {
            try await register(client, secret: secret, jwks: application.jwks)
        } catch StoreError.uniqueViolation {
            throw EIDError.conflict("a relying party \(client.clientId) is registered already")
        }
        return (client, secret)
    }

    /// Every registered relying party, by client id.
    public func all() async throws -> [RelyingParty] {
        try await store.read { db in
            try db.query("SELECT registration, secret_hash, jwks FROM oidc_clients ORDER BY client_id").map(Self.decode)
        }
    }

    public func client(_ clientId: String) async throws -> RelyingParty {
        guard let row = try await row(clientId) else { throw OAuthError(.invalidClient, "unknown client") }
        return try Self.decode(row)
    }

    static func decode(_ row: SQLRow) throws -> RelyingParty {
        try JSONDecoder().decode(RelyingParty.self, from: Data(try row.string("registration").utf8))
    }

    /// The client the credentials prove, or `invalid_client`. An assertion's `jti` is accepted once.
    public func authenticate(_ credentials: ClientCredentials) async throws -> RelyingParty {
        switch credentials {
        case .secret(let clientId, let secret):
            guard let row = try await row(clientId), let hash = row["secret_hash"].string,
                Secrets.constantTimeEqual(Array(hash.utf8), Array(Self.hash(secret).utf8))
            else {
                throw OAuthError(.invalidClient, "client authentication failed")
            }
            return try Self.decode(row)
        case .assertion(let jwt):
            let unverified: ClientAssertionClaims
            do { unverified = try await JWTKeyCollection().unverified(jwt, as: ClientAssertionClaims.self) } catch {
                throw OAuthError(.invalidClient, "client_assertion is not a JWT")
            }
            let clientId = unverified.iss.value
            guard let row = try await row(clientId), let jwks = row["jwks"].string else { throw OAuthError(.invalidClient, "client authentication failed") }
            let claims: ClientAssertionClaims
            do { claims = try await JWTKeyCollection().add(jwksJSON: jwks).verify(jwt, as: ClientAssertionClaims.self) } catch {
                throw OAuthError(.invalidClient, "client_assertion does not verify with the client's keys, or has expired")
            }
            guard claims.sub.value == clientId, claims.aud.value.contains(where: audiences.contains) else {
                throw OAuthError(.invalidClient, "client_assertion must have iss = sub = client_id and aud = the token endpoint")
            }
            // Its jti is remembered until it expires, so an assertion may not live long (and a far-off exp,
            // converted to microseconds, would not fit an Int64).
            let lifetime = claims.exp.value.timeIntervalSinceNow
            guard lifetime.isFinite, lifetime <= Self.longestAssertion else {
                throw OAuthError(.invalidClient, "client_assertion must expire within \(Int(Self.longestAssertion)) seconds")
            }
            let expires = WallClock.nowMicros() + Int64(lifetime * 1_000_000)
            do {
                try await store.write { db in
                    try db.execute("DELETE FROM oidc_assertions WHERE expires_at < ?", [.int(WallClock.nowMicros())])
                    try db.execute("INSERT INTO oidc_assertions (jti, expires_at) VALUES (?,?)", [.text(clientId + " " + claims.jti.value), .int(expires)])
                }
            } catch StoreError.uniqueViolation {
                throw OAuthError(.invalidClient, "client_assertion was used before (jti)")
            }
            return try Self.decode(row)
        }
    }

    func row(_ clientId: String) async throws -> SQLRow? {
        try await store.readOne { db in
            try db.queryOne("SELECT registration, secret_hash, jwks FROM oidc_clients WHERE client_id = ?", [.text(clientId)])
        }
    }

    static func hash(_ secret: String) -> String { Secrets.tokenHash(secret) }

    /// How long a client assertion may live: an hour, as RFC 7523 leaves to the server.
    static let longestAssertion: TimeInterval = 3_600
}

/// A `private_key_jwt` client assertion (RFC 7523 §3).
public struct ClientAssertionClaims: JWTPayload {
    public let iss: IssuerClaim
    public let sub: SubjectClaim
    public let aud: AudienceClaim
    public let exp: ExpirationClaim
    public let jti: IDClaim
    public let iat: IssuedAtClaim?

    public init(clientId: String, audience: String, expiresIn seconds: Double = 60, jti: String = UUID().uuidString) {
        iss = IssuerClaim(value: clientId)
        sub = SubjectClaim(value: clientId)
        aud = AudienceClaim(value: audience)
        exp = ExpirationClaim(value: Date().addingTimeInterval(seconds))
        self.jti = IDClaim(value: jti)
        iat = IssuedAtClaim(value: Date())
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
