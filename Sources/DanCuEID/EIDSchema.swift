public import DanCuStore

/// The eID service's tables. A person's account is keyed by their personal number (or residence
/// card number), like every person-owned table.
public enum EIDSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "eid", version: 1, name: "eID accounts, codes, authentication history; OpenID Connect keys, clients, requests, tokens, consents",
            sqlite: version1(.sqlite), postgres: version1(.postgres)),
        Migration(
            module: "eid", version: 2,
            name:
                "DPoP: the key thumbprint a token is bound to; the purpose a token was granted for; the proofs seen, against replay; indexes for assertions by expiry, a holder's tokens and sessions; foreigners' residence cards; the outbox of one-time codes",
            sqlite: version2(.sqlite), postgres: version2(.postgres)),
        Migration(
            module: "eid", version: 3, name: "one-time codes in the outbox sealed, with the subject they are for; codes kept in clear before are dropped",
            sqlite: version3(.sqlite), postgres: version3(.postgres)),
    ]

    /// The outbox keeps a code sealed with the vault until the gateway takes it; a sent or expired
    /// message keeps no code. Codes waiting in clear are dropped: they live five minutes, and a person
    /// asks again.
    static func version3(_ dialect: SQLDialect) -> [String] {
        let blob = dialect == .sqlite ? "BLOB" : "BYTEA"
        return [
            "DELETE FROM eid_outbox",
            "ALTER TABLE eid_outbox ADD COLUMN subject TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE eid_outbox ADD COLUMN sealed \(blob)",
        ]
    }

    static func version2(_ dialect: SQLDialect) -> [String] {
        let bigint = dialect == .sqlite ? "INTEGER" : "BIGINT"
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            "ALTER TABLE oidc_tokens ADD COLUMN jkt TEXT",
            "ALTER TABLE oidc_tokens ADD COLUMN purpose TEXT",
            "CREATE TABLE oidc_dpop_proofs (proof_key TEXT PRIMARY KEY, expires_at \(bigint) NOT NULL)",
            "CREATE INDEX oidc_dpop_proofs_expiry ON oidc_dpop_proofs (expires_at)",
            "CREATE INDEX oidc_assertions_expiry ON oidc_assertions (expires_at)",
            "CREATE INDEX oidc_tokens_holder ON oidc_tokens (account, client_id)",
            "CREATE INDEX oidc_sessions_account ON oidc_sessions (account)",
            """
            CREATE TABLE eid_outbox (
              id \(identity), channel TEXT NOT NULL, address TEXT NOT NULL, body TEXT NOT NULL, created_at \(bigint) NOT NULL, sent_at \(bigint)
            )
            """,
            "CREATE INDEX eid_outbox_pending ON eid_outbox (sent_at, id)",
            "CREATE INDEX eid_outbox_address ON eid_outbox (address, created_at)",
            """
            CREATE TABLE eid_residence_cards (
              subject TEXT PRIMARY KEY, card TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at \(bigint) NOT NULL
            )
            """,
        ]
    }

    static func version1(_ dialect: SQLDialect) -> [String] {
        let sqlite = dialect == .sqlite
        let bigint = sqlite ? "INTEGER" : "BIGINT"
        let blob = sqlite ? "BLOB" : "BYTEA"
        let identity = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            """
            CREATE TABLE eid_accounts (
              subject TEXT PRIMARY KEY, kind TEXT NOT NULL, level INTEGER, phone TEXT, email TEXT,
              password_hash TEXT NOT NULL, passcode_hash TEXT, totp_secret \(blob), totp_last_step \(bigint),
              status TEXT NOT NULL, lock_reason TEXT, failures INTEGER NOT NULL, throttled_until \(bigint) NOT NULL,
              created_at \(bigint) NOT NULL, version INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE eid_codes (
              subject TEXT PRIMARY KEY, contact TEXT NOT NULL, code_hash TEXT NOT NULL, expires_at \(bigint) NOT NULL,
              attempts INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE eid_auth_events (
              id \(identity), subject TEXT NOT NULL, at \(bigint) NOT NULL, method TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT
            )
            """,
            "CREATE INDEX eid_auth_events_subject ON eid_auth_events (subject, id)",
            "CREATE TABLE oidc_keys (kid TEXT PRIMARY KEY, sealed \(blob) NOT NULL, created_at \(bigint) NOT NULL)",
            "CREATE TABLE oidc_clients (client_id TEXT PRIMARY KEY, registration TEXT NOT NULL, secret_hash TEXT, jwks TEXT, created_at \(bigint) NOT NULL)",
            """
            CREATE TABLE oidc_requests (
              handle_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, client_id TEXT NOT NULL, payload TEXT NOT NULL,
              expires_at \(bigint) NOT NULL, used INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE oidc_tokens (
              token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, grant_id TEXT NOT NULL, client_id TEXT NOT NULL, account TEXT NOT NULL,
              scopes TEXT NOT NULL, acr TEXT NOT NULL, issued_at \(bigint) NOT NULL, expires_at \(bigint) NOT NULL, state TEXT NOT NULL
            )
            """,
            "CREATE INDEX oidc_tokens_grant ON oidc_tokens (grant_id)",
            """
            CREATE TABLE oidc_consents (
              account TEXT NOT NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL, purpose TEXT NOT NULL, granted_at \(bigint) NOT NULL,
              revoked_at \(bigint), PRIMARY KEY (account, client_id)
            )
            """,
            "CREATE TABLE oidc_assertions (jti TEXT PRIMARY KEY, expires_at \(bigint) NOT NULL)",
            """
            CREATE TABLE oidc_sessions (
              session_hash TEXT PRIMARY KEY, account TEXT NOT NULL, auth_time \(bigint) NOT NULL, amr TEXT NOT NULL, csrf TEXT NOT NULL,
              expires_at \(bigint) NOT NULL
            )
            """,
        ]
    }
}
