import DanCuStore

/// The tables of officer accounts, their tokens, the access log and idempotency records.
public enum AccessSchema {
    public static let migrations: [Migration] = [
        Migration(module: "access", version: 1, name: "officers, tokens, access log, idempotency keys",
                  sqlite: version1(.sqlite), postgres: version1(.postgres)),
    ]

    static func version1(_ dialect: SQLDialect) -> [String] {
        let sqlite = dialect == .sqlite
        let bigint = sqlite ? "INTEGER" : "BIGINT"
        let identity = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        let keyed = sqlite ? " WITHOUT ROWID" : ""
        return [
            """
            CREATE TABLE officers (
              username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, jurisdiction TEXT NOT NULL,
              password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0,
              locked_until \(bigint) NOT NULL DEFAULT 0, created_at \(bigint) NOT NULL, password_set_at \(bigint) NOT NULL
            )\(keyed)
            """,
            """
            CREATE TABLE officer_tokens (
              token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, issued_at \(bigint) NOT NULL,
              expires_at \(bigint) NOT NULL, revoked_at \(bigint)
            )\(keyed)
            """,
            "CREATE INDEX officer_tokens_by_officer ON officer_tokens (username)",
            // Append-only. The subject is NULL only for a refused request that named no one.
            """
            CREATE TABLE access_log (
              id \(identity), at \(bigint) NOT NULL, request_id TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
              subject TEXT, action TEXT NOT NULL, fields TEXT NOT NULL, purpose TEXT, decision TEXT NOT NULL, reason TEXT
            )
            """,
            "CREATE INDEX access_log_by_subject ON access_log (subject, id)",
            """
            CREATE TABLE idempotency_keys (
              actor TEXT NOT NULL, idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, created TEXT NOT NULL,
              at \(bigint) NOT NULL, PRIMARY KEY (actor, idempotency_key)
            )\(keyed)
            """,
        ]
    }
}
