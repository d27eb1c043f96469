import DanCuCore
import DanCuStore
import Foundation

/// A signed-in browser: the account, when and how it signed in, and the token its forms must carry.
public struct BrowserSession: Sendable, Equatable {
    public let account: String
    public let authTime: Int64
    public let amr: [String]
    public let csrf: String
}

extension OIDCProvider {
    public static let sessionLifetime: Int64 = 30 * 60

    /// Starts a session after the holder signed in; answers the cookie value (kept only as a hash).
    public func startSession(account: String, amr: [String]) async throws -> (id: String, session: BrowserSession) {
        let id = Self.newHandle()
        let session = BrowserSession(account: account, authTime: Int64(Date().timeIntervalSince1970), amr: amr, csrf: Self.newHandle())
        try await store.write { db in
            try db.execute("DELETE FROM oidc_sessions WHERE expires_at < ?", [.int(WallClock.nowMicros())])
            try db.execute(
                "INSERT INTO oidc_sessions (session_hash, account, auth_time, amr, csrf, expires_at) VALUES (?,?,?,?,?,?)",
                [
                    .text(Self.hash(id)), .text(account), .int(session.authTime), .text(amr.joined(separator: " ")), .text(session.csrf),
                    .int(WallClock.nowMicros() + Self.sessionLifetime * 1_000_000),
                ])
        }
        return (id, session)
    }

    public func session(_ id: String) async throws -> BrowserSession? {
        guard
            let row = try await store.readOne({ db in
                try db.queryOne("SELECT account, auth_time, amr, csrf, expires_at FROM oidc_sessions WHERE session_hash = ?", [.text(Self.hash(id))])
            }), try row.int("expires_at") > WallClock.nowMicros()
        else { return nil }
        return BrowserSession(
            account: try row.string("account"), authTime: try row.int("auth_time"),
            amr: try row.string("amr").split(separator: " ").map(String.init), csrf: try row.string("csrf"))
    }

    public func endSession(_ id: String) async throws {
        try await store.write { db in try db.execute("DELETE FROM oidc_sessions WHERE session_hash = ?", [.text(Self.hash(id))]) }
    }

    /// The discovery document (OpenID Connect Discovery 1.0 §3).
    public var discovery: [String: Any] {
        [
            "issuer": issuer,
            "authorization_endpoint": issuer + "/oidc/authorize",
            "pushed_authorization_request_endpoint": issuer + "/oidc/par",
            "require_pushed_authorization_requests": true,
            "token_endpoint": issuer + "/oidc/token",
            "userinfo_endpoint": issuer + "/oidc/userinfo",
            "jwks_uri": issuer + "/oidc/jwks",
            "revocation_endpoint": issuer + "/oidc/revoke",
            "introspection_endpoint": issuer + "/oidc/introspect",
            "end_session_endpoint": issuer + "/oidc/logout",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["pairwise", "public"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256"],
            "code_challenge_methods_supported": ["S256"],
            "dpop_signing_alg_values_supported": DPoPProof.algorithms,
            "scopes_supported": Scope.allCases.map(\.rawValue),
            "claims_supported": [
                "sub", "name", "family_name", "given_name", "gender", "birthdate", "phone_number", "email", "personal_number",
                "acr", "amr", "auth_time", "nonce",
            ],
            "acr_values_supported": AuthenticationContext.allCases.map(\.rawValue),
            "authorization_response_iss_parameter_supported": true,
            "ui_locales_supported": ["vi", "en"],
        ]
    }
}
