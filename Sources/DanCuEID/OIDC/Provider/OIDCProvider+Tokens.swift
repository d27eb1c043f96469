import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

extension OIDCProvider {
    // MARK: Token endpoint

    /// `grant_type=authorization_code`: the client proves itself, the code is used once, the redirect
    /// URI is the one authorized and the PKCE verifier hashes to the challenge. A code presented twice
    /// revokes every token issued from it (RFC 6749 §4.1.2). With a DPoP proof (already checked by
    /// `acceptDPoP`) the tokens are bound to its key; a code bound to a key needs a proof by that key.
    public func exchange(
        code: String, redirectURI: String?, verifier: String?, credentials: ClientCredentials,
        dpop: DPoPProof? = nil, requestId: String
    ) async throws -> TokenResponse {
        let client = try await clients.authenticate(credentials)
        try Self.demandDPoP(dpop, of: client)
        let codeHash = Self.hash(code)
        let row = try await store.readOne { db in
            try db.queryOne("SELECT client_id, payload, expires_at, used FROM oidc_requests WHERE handle_hash = ? AND kind = 'code'", [.text(codeHash)])
        }
        guard let row, try row.string("client_id") == client.clientId else { throw OAuthError(.invalidGrant, "unknown code") }
        let grant = try JSONDecoder().decode(Grant.self, from: Data(try row.string("payload").utf8))
        guard try row.int("used") == 0 else {
            try await revokeGrant(grant.grantId)
            throw OAuthError(.invalidGrant, "the code was used before; the tokens issued from it are revoked")
        }
        guard try row.int("expires_at") > WallClock.nowMicros() else { throw OAuthError(.invalidGrant, "the code has expired") }
        guard redirectURI == grant.redirectURI else { throw OAuthError(.invalidGrant, "redirect_uri differs from the authorization request's") }
        try PKCE.verify(verifier, against: grant.codeChallenge)
        if let bound = grant.dpopJkt, dpop?.jkt != bound {
            throw OAuthError(.invalidDPoPProof, "the code is bound to a DPoP key (dpop_jkt): prove possession of that key")
        }
        return try await issue(grant, client: client, idToken: true, usingUp: codeHash, jkt: dpop?.jkt, requestId: requestId)
    }

    /// `grant_type=refresh_token`, with rotation: each refresh token works once; presenting one that
    /// was already rotated revokes the whole grant (a stolen copy was used). A grant whose tokens were
    /// DPoP-bound stays so: its refresh needs a proof, whose key binds the new access token. (Refresh
    /// tokens of confidential clients are not bound to one key, RFC 9449 §5, so a client may change keys.)
    public func refresh(_ token: String, credentials: ClientCredentials, dpop: DPoPProof? = nil, requestId: String) async throws -> TokenResponse {
        let client = try await clients.authenticate(credentials)
        try Self.demandDPoP(dpop, of: client)
        let hash = Self.hash(token)
        guard let row = try await tokenRow(hash), try row.string("kind") == "refresh", try row.string("client_id") == client.clientId else {
            throw OAuthError(.invalidGrant, "unknown refresh token")
        }
        let grantId = try row.string("grant_id")
        switch try row.string("state") {
        case "active": break
        case "rotated":
            try await revokeGrant(grantId)
            throw OAuthError(.invalidGrant, "the refresh token was used before; the grant is revoked")
        default: throw OAuthError(.invalidGrant, "the refresh token is revoked")
        }
        guard try row.int("expires_at") > WallClock.nowMicros() else { throw OAuthError(.invalidGrant, "the refresh token has expired") }
        if row["jkt"].string != nil, dpop == nil {
            throw OAuthError(.invalidDPoPProof, "the grant's tokens are DPoP-bound: send a DPoP proof with the refresh")
        }
        try await store.write { db in
            try db.execute("UPDATE oidc_tokens SET state = 'rotated' WHERE token_hash = ? AND state = 'active'", [.text(hash)])
        }
        let scopes = try row.string("scopes").split(separator: " ").compactMap { Scope(rawValue: String($0)) }
        let grant = Grant(
            grantId: grantId, clientId: client.clientId, redirectURI: "", codeChallenge: "", scopes: scopes, nonce: nil,
            acr: try row.string("acr"), account: try row.string("account"), authTime: 0, amr: [], purpose: row["purpose"].string ?? "")
        return try await issue(grant, client: client, idToken: false, jkt: dpop?.jkt, requestId: requestId)
    }

    static func demandDPoP(_ dpop: DPoPProof?, of client: RelyingParty) throws {
        if client.requiresDPoP, dpop == nil {
            throw OAuthError(.invalidDPoPProof, "this client is registered for DPoP-bound tokens only: send a DPoP proof")
        }
    }

    /// RFC 7009: the client revokes one of its tokens; revoking a refresh token ends the grant.
    public func revoke(_ token: String, credentials: ClientCredentials) async throws {
        let client = try await clients.authenticate(credentials)
        guard let row = try await tokenRow(Self.hash(token)), try row.string("client_id") == client.clientId else { return }
        if try row.string("kind") == "refresh" {
            try await revokeGrant(try row.string("grant_id"))
        } else {
            try await store.write { db in
                try db.execute("UPDATE oidc_tokens SET state = 'revoked' WHERE token_hash = ?", [.text(Self.hash(token))])
            }
        }
    }

    /// RFC 7662, for the client that holds the token.
    public func introspect(_ token: String, credentials: ClientCredentials) async throws -> Introspection {
        let client = try await clients.authenticate(credentials)
        guard let row = try await tokenRow(Self.hash(token)), try row.string("client_id") == client.clientId,
            try row.string("state") == "active", try row.int("expires_at") > WallClock.nowMicros()
        else { return .inactive }
        let jkt = row["jkt"].string
        return Introspection(
            active: true, scope: try row.string("scopes"), clientId: client.clientId,
            sub: subjects.subject(for: try row.string("account"), sector: client.sector, kind: client.subjectKind),
            exp: try row.int("expires_at") / 1_000_000, acr: try row.string("acr"), tokenType: jkt == nil ? "Bearer" : "DPoP",
            cnf: jkt.map { ["jkt": $0] })
    }

    /// The holder's claims for a live access token: `sub`, and what its scopes release from the register.
    /// Each call is an access-log entry, like the issuance of the token. A DPoP-bound token counts only
    /// with a proof (`dpop`, checked by `acceptDPoP` against this token) by the key it is bound to;
    /// a Bearer token is not to be sent as DPoP.
    public func userInfo(accessToken: String, dpop: DPoPProof? = nil, requestId: String) async throws -> [String: String] {
        guard let row = try await tokenRow(Self.hash(accessToken)), try row.string("kind") == "access", try row.string("state") == "active",
            try row.int("expires_at") > WallClock.nowMicros()
        else {
            throw OAuthError(.invalidToken, "the access token is unknown, expired or revoked")
        }
        switch (row["jkt"].string, dpop) {
        case (nil, nil): break
        case (nil, .some): throw OAuthError(.invalidToken, "the access token is a Bearer token, not DPoP-bound")
        case (.some, nil): throw OAuthError(.invalidToken, "the access token is DPoP-bound: send it as Authorization: DPoP with a proof")
        case (let bound?, let proof?):
            guard proof.jkt == bound else { throw OAuthError(.invalidDPoPProof, "the DPoP proof's key is not the one the token is bound to") }
        }
        let client = try await clients.client(try row.string("client_id"))
        let account = try row.string("account")
        var claims = ["sub": subjects.subject(for: account, sector: client.sector, kind: client.subjectKind)]
        let scopes = Set(try row.string("scopes").split(separator: " ").compactMap { Scope(rawValue: String($0)) })
        let release = try await releaseGrant(
            to: client, purpose: row["purpose"].string, subject: account, action: "oidc-userinfo",
            fields: scopes.flatMap(\.fields), requestId: requestId)
        if let number = try? PersonalNumber(account) {
            let person = try await release.person(number).person
            if scopes.contains(.profile) {
                claims["name"] = person.name.fullName
                claims["family_name"] = person.name.family
                claims["given_name"] = person.name.given
                claims["gender"] = person.sex.rawValue
            }
            if scopes.contains(.birthdate) { claims["birthdate"] = person.dateOfBirth.description }
            if scopes.contains(.personalNumber) { claims["personal_number"] = number.rawValue }
            if scopes.contains(.phone), let phone = person.phone { claims["phone_number"] = phone }
            if scopes.contains(.email), let email = person.email { claims["email"] = email }
        } else if let card = try await store.read({ db in try EIDService.residenceCard(account, in: db) }) {
            // A foreigner: what the residence card says; there is no register record.
            if scopes.contains(.profile) {
                claims["name"] = card.name
                claims["gender"] = card.sex.rawValue
                claims["nationality"] = card.nationality
            }
            if scopes.contains(.birthdate) { claims["birthdate"] = card.dateOfBirth.description }
        } else {
            return claims
        }
        try await release.logRead()
        return claims
    }

    /// The grant under which a relying party receives a holder's claims, with the purpose and legal
    /// basis it registered. The holder's consent is this provider's to check (the code or token).
    func releaseGrant(
        to client: RelyingParty, purpose: String?, subject: String, action: String, fields: [String],
        requestId: String
    ) async throws -> AccessGrant {
        let relyingParty = Officer(username: client.clientId, displayName: client.name, role: .relyingParty, jurisdiction: .nation)
        let request = AccessRequest(
            officer: relyingParty, purpose: purpose.flatMap(Purpose.init(rawValue:)), requestId: requestId,
            legalBasis: client.legalBasis, unknownPurpose: purpose)
        return try await gate.grant(request, .consentedRelease, subject: subject, action: action, fields: fields)
    }

    // MARK: Issuing

    /// Stores the new tokens, in the same transaction that uses up the code (`usingUp`, its hash) when
    /// there is one: of two exchanges of one code racing, one gets tokens and the other `invalid_grant`.
    func issue(
        _ grant: Grant, client: RelyingParty, idToken: Bool, usingUp codeHash: String? = nil, jkt: String? = nil,
        requestId: String
    ) async throws -> TokenResponse {
        let release = try await releaseGrant(
            to: client, purpose: grant.purpose, subject: grant.account,
            action: idToken ? "oidc-token" : "oidc-refresh", fields: grant.scopes.flatMap(\.fields),
            requestId: requestId)
        let now = WallClock.nowMicros()
        let access = Self.newHandle()
        let refresh = grant.scopes.contains(.offlineAccess) ? Self.newHandle() : nil
        let scopes = grant.scopes.map(\.rawValue).joined(separator: " ")
        try await store.write { [accessLifetime, refreshLifetime] db in
            if let codeHash {
                guard try db.queryOne("SELECT used FROM oidc_requests WHERE handle_hash = ?", [.text(codeHash)])?.int("used") == 0 else {
                    throw OAuthError(.invalidGrant, "the code was used before")
                }
                try db.execute("UPDATE oidc_requests SET used = 1 WHERE handle_hash = ?", [.text(codeHash)])
                guard
                    try db.queryOne(
                        "SELECT client_id FROM oidc_consents WHERE account = ? AND client_id = ? AND revoked_at IS NULL",
                        [.text(grant.account), .text(client.clientId)]) != nil
                else {
                    throw OAuthError(.invalidGrant, "the holder has withdrawn the consent")
                }
            }
            for (token, kind, lifetime) in [(access, "access", accessLifetime)] + (refresh.map { [($0, "refresh", refreshLifetime)] } ?? []) {
                try db.execute(
                    """
                    INSERT INTO oidc_tokens (token_hash, kind, grant_id, client_id, account, scopes, acr, issued_at, expires_at, state, jkt, purpose)
                    VALUES (?,?,?,?,?,?,?,?,?,'active',?,?)
                    """,
                    [
                        .text(Self.hash(token)), .text(kind), .text(grant.grantId), .text(client.clientId), .text(grant.account), .text(scopes),
                        .text(grant.acr), .int(now), .int(now + lifetime * 1_000_000), jkt.map { .text($0) } ?? .null, .text(grant.purpose),
                    ])
            }
        }
        var id: String?
        if idToken {
            let acr = AuthenticationContext(rawValue: grant.acr) ?? .level1
            let claims = IDTokenClaims(
                issuer: issuer, subject: subjects.subject(for: grant.account, sector: client.sector, kind: client.subjectKind),
                audience: client.clientId, issuedAt: now / 1_000_000, authTime: grant.authTime, nonce: grant.nonce, acr: acr,
                amr: grant.amr)
            id = try await signers.current(keys).sign(claims)
        }
        try await release.logRead()
        return TokenResponse(
            accessToken: access, tokenType: jkt == nil ? "Bearer" : "DPoP", expiresIn: Int(accessLifetime), idToken: id, refreshToken: refresh, scope: scopes)
    }

    func revokeGrant(_ grantId: String) async throws {
        try await store.write { db in
            try db.execute("UPDATE oidc_tokens SET state = 'revoked' WHERE grant_id = ?", [.text(grantId)])
        }
    }

    func tokenRow(_ hash: String) async throws -> SQLRow? {
        try await store.readOne { db in
            try db.queryOne(
                "SELECT kind, grant_id, client_id, account, scopes, acr, expires_at, state, jkt, purpose FROM oidc_tokens WHERE token_hash = ?",
                [.text(hash)])
        }
    }

    /// Makes a new token-signing key.
    public func rotateSigningKey() async throws -> String {
        let kid = try await keys.rotate()
        signers.forget()
        return kid
    }

    /// The JWKS document, for `/oidc/jwks`.
    public func jwks() async throws -> String { try await keys.jwks() }
}
