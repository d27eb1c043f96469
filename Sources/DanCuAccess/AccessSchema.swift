public import DanCuStore

/// The tables of officer accounts, their tokens, the access log and idempotency records.
public enum AccessSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "access", version: 1, name: "officers, tokens, access-log outbox, idempotency keys",
            sqlite: version1(.sqlite), postgres: version1(.postgres)),
        // Failed sign-ins are counted per account and source, so that failures from one place slow that
        // place and never lock the officer out everywhere (OWASP); bursts against one account are kept
        // as security alerts.
        Migration(
            module: "access", version: 2, name: "sign-in throttling per account and source, security alerts",
            sqlite: [
                "CREATE TABLE officer_login_failures (username TEXT NOT NULL, source TEXT NOT NULL, failures INTEGER NOT NULL, wait_until INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (username, source)) WITHOUT ROWID",
                "CREATE TABLE security_alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL)",
            ],
            postgres: [
                "CREATE TABLE officer_login_failures (username TEXT NOT NULL, source TEXT NOT NULL, failures INTEGER NOT NULL, wait_until BIGINT NOT NULL, last_at BIGINT NOT NULL, PRIMARY KEY (username, source))",
                "CREATE TABLE security_alerts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL)",
            ]),
        Migration(
            module: "access", version: 3, name: "the legal basis of each write's log entry",
            sql: ["ALTER TABLE access_log_outbox ADD COLUMN legal_basis TEXT"]),
        // An officer's authenticator secret is sealed with the master key, bound to the account; the
        // last time step used keeps a code from being used twice.
        Migration(
            module: "access", version: 4, name: "officers' second factor: a sealed TOTP secret and the last step used",
            sqlite: [
                "ALTER TABLE officers ADD COLUMN totp_secret BLOB",
                "ALTER TABLE officers ADD COLUMN totp_last_step INTEGER",
            ],
            postgres: [
                "ALTER TABLE officers ADD COLUMN totp_secret BYTEA",
                "ALTER TABLE officers ADD COLUMN totp_last_step BIGINT",
            ]),
    ]

    /// The access log itself, in the store the log lives in (its own SQLite file beside the register's,
    /// or the same PostgreSQL database). Append-only.
    public static let logMigrations: [Migration] = [
        Migration(module: "access-log", version: 1, name: "access log", sqlite: log1(.sqlite), postgres: log1(.postgres)),
        // On SQLite a person's entries are found through `AccessLogSubjectIndex`, kept apart from the log.
        Migration(
            module: "access-log", version: 2, name: "no subject index in the SQLite log itself",
            sqlite: ["DROP INDEX IF EXISTS access_log_by_subject"], postgres: []),
        Migration(
            module: "access-log", version: 3, name: "the legal basis of each access",
            sql: ["ALTER TABLE access_log ADD COLUMN legal_basis TEXT"]),
        // Entries written before are given theirs by `AccessLogTable.backfillLeaves` at the next start.
        Migration(
            module: "access-log", version: 4, name: "each entry's leaf in the transparency log, and the opening of its commitment",
            sqlite: [
                "ALTER TABLE access_log ADD COLUMN leaf BIGINT", "ALTER TABLE access_log ADD COLUMN opening BLOB",
                "CREATE UNIQUE INDEX access_log_leaf ON access_log (leaf)",
            ],
            postgres: [
                "ALTER TABLE access_log ADD COLUMN leaf BIGINT", "ALTER TABLE access_log ADD COLUMN opening BYTEA",
                "CREATE UNIQUE INDEX access_log_leaf ON access_log (leaf)",
            ]),
        // Entries relayed from a server's spool (`AccessLogSpool`) carry their place in it; the index holds
        // those entries only, so the log's other appends do not pay for it.
        Migration(
            module: "access-log", version: 5, name: "entries relayed from a server's spool during a failover",
            sql: [
                "ALTER TABLE access_log ADD COLUMN spooled_from TEXT",
                "CREATE UNIQUE INDEX access_log_spooled ON access_log (spooled_from) WHERE spooled_from IS NOT NULL",
            ]),
        // A spool's entries go into the log they were made for only (`AccessLogName`).
        Migration(
            module: "access-log", version: 6, name: "the log's name, made once",
            sql: ["CREATE TABLE access_log_name (one INTEGER PRIMARY KEY CHECK (one = 1), name TEXT NOT NULL)"]),
    ]

    private static let runBits = AccessLogSubjectIndex.standardRunBits

    /// The subject index of a SQLite access log (`AccessLogSubjectIndex`), in its own file or the log's.
    /// `access_log_indexed.through` is the last log entry the index covers.
    public static let subjectIndexMigrations: [Migration] = [
        Migration(
            module: "access-log-index", version: 1, name: "access-log entries by subject",
            sqlite: [
                "CREATE TABLE access_log_subjects (subject TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (subject, id)) WITHOUT ROWID",
                "CREATE TABLE access_log_indexed (one INTEGER PRIMARY KEY CHECK (one = 1), through INTEGER NOT NULL)",
                "INSERT INTO access_log_indexed (one, through) VALUES (1, 0)",
            ],
            postgres: [
                "CREATE TABLE access_log_subjects (subject TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (subject, id))",
                "CREATE TABLE access_log_indexed (one INTEGER PRIMARY KEY CHECK (one = 1), through BIGINT NOT NULL)",
                "INSERT INTO access_log_indexed (one, through) VALUES (1, 0)",
            ]),
        // Entries by run of the log (`AccessLogSubjectIndex.runBits`), then subject: a batch's inserts
        // land in the newest run's pages only, not on a random page of one index of the whole log.
        Migration(
            module: "access-log-index", version: 2, name: "the subject index in runs of the log",
            sqlite: [
                "CREATE TABLE access_log_subject_runs (run INTEGER NOT NULL, subject TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (run, subject, id)) WITHOUT ROWID",
                "INSERT INTO access_log_subject_runs (run, subject, id) SELECT id >> \(runBits), subject, id FROM access_log_subjects ORDER BY id >> \(runBits), subject, id",
                "DROP TABLE access_log_subjects",
            ],
            postgres: [
                "CREATE TABLE access_log_subject_runs (run BIGINT NOT NULL, subject TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (run, subject, id))",
                "INSERT INTO access_log_subject_runs (run, subject, id) SELECT id >> \(runBits), subject, id FROM access_log_subjects",
                "DROP TABLE access_log_subjects",
            ]),
    ]

    static func log1(_ dialect: SQLDialect) -> [String] {
        let sqlite = dialect == .sqlite
        let bigint = sqlite ? "INTEGER" : "BIGINT"
        let identity = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            // The subject is NULL only for a refused request that named no one. relayed_from is the
            // outbox id of an entry relayed from a register write, so a relay repeated after a crash
            // adds nothing twice.
            """
            CREATE TABLE access_log (
              id \(identity), \(AccessLogTable.columnDefinitions(bigint: bigint)), relayed_from \(bigint) UNIQUE
            )
            """,
            "CREATE INDEX access_log_by_subject ON access_log (subject, id)",
        ]
    }

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
            // The entries of register writes, written in the write's own transaction and then relayed to
            // the access log's store (see AccessLogRelay).
            """
            CREATE TABLE access_log_outbox (
              id \(identity), \(AccessLogTable.columnDefinitions(bigint: bigint))
            )
            """,
            """
            CREATE TABLE idempotency_keys (
              actor TEXT NOT NULL, idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, created TEXT NOT NULL,
              at \(bigint) NOT NULL, PRIMARY KEY (actor, idempotency_key)
            )\(keyed)
            """,
        ]
    }
}
