public import DanCuStore

/// The exchange gateway's tables: member systems, their subsystems and keys, and the append-only
/// record of every change an administrator made to them.
public enum ExchangeSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "exchange", version: 1, name: "member systems, subsystems, their keys; the record of changes",
            sqlite: version1(.sqlite), postgres: version1(.postgres)),
        Migration(
            module: "exchange", version: 2, name: "legal documents, grants, consents, nonces, the message log, DanCu's signing keys",
            sqlite: version2(.sqlite), postgres: version2(.postgres)),
        Migration(
            module: "exchange", version: 3, name: "subscriptions to life events, their watch lists, the dispatch cursor, deliveries",
            sqlite: version3(.sqlite), postgres: version3(.postgres)),
        Migration(
            module: "exchange", version: 4, name: "the message log names each message's service and how long its answer took",
            sql: [
                "ALTER TABLE exchange_messages ADD COLUMN service TEXT",
                "ALTER TABLE exchange_messages ADD COLUMN duration_us BIGINT",
                "CREATE INDEX exchange_messages_time ON exchange_messages (at)",
            ]),
        Migration(
            module: "exchange", version: 5, name: "linked records: the catalogue of record types, and members' records about people",
            sqlite: version5(.sqlite), postgres: version5(.postgres)),
        Migration(
            module: "exchange", version: 6, name: "batch verifications: the jobs, their lines as they came in, their results",
            sqlite: version6(.sqlite), postgres: version6(.postgres)),
        Migration(
            module: "exchange", version: 7, name: "linked records by type: the people with a death notice, for the register's quality",
            sql: ["CREATE INDEX exchange_linked_records_type ON exchange_linked_records (type, personal_number)"]),
        Migration(
            module: "exchange", version: 8, name: "the version of the members, keys, laws and grants, one more with every change",
            sql: [
                "CREATE TABLE exchange_settings_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
                "INSERT INTO exchange_settings_version (id, version) SELECT 1, COUNT(*) FROM exchange_changes",
            ]),
    ]

    static func version1(_ dialect: SQLDialect) -> [String] {
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            """
            CREATE TABLE exchange_members (code TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL, kind TEXT NOT NULL,
              added_at BIGINT NOT NULL, added_by TEXT NOT NULL, disabled_at BIGINT, disabled_by TEXT)
            """,
            """
            CREATE TABLE exchange_subsystems (member TEXT NOT NULL REFERENCES exchange_members (code), code TEXT NOT NULL,
              added_at BIGINT NOT NULL, added_by TEXT NOT NULL, disabled_at BIGINT, disabled_by TEXT, PRIMARY KEY (member, code))
            """,
            """
            CREATE TABLE exchange_keys (key_id TEXT PRIMARY KEY, member TEXT NOT NULL, subsystem TEXT NOT NULL, jwk TEXT NOT NULL,
              algorithm TEXT NOT NULL, added_at BIGINT NOT NULL, added_by TEXT NOT NULL, revoked_at BIGINT, revoked_by TEXT,
              FOREIGN KEY (member, subsystem) REFERENCES exchange_subsystems (member, code))
            """,
            "CREATE INDEX exchange_keys_subsystem ON exchange_keys (member, subsystem)",
            """
            CREATE TABLE exchange_changes (id \(identity), at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
              subject TEXT NOT NULL, detail TEXT NOT NULL)
            """,
        ]
    }

    /// The gateway's logs where they live in a store of their own (SQLite: the access log's file, see
    /// `ExchangeGateway.init`): the nonce ledger and the message log, as versions 2 and 4 made them.
    public static let logMigrations: [Migration] = [
        Migration(
            module: "exchange-log", version: 1, name: "the nonce ledger and the message log, beside the access log",
            sqlite: log(.sqlite), postgres: log(.postgres))
    ]

    /// Run where the nonce ledger is, after `logMigrations` (or version 2 where the logs share the
    /// register's store). Keyed by when a claim expires first: each request's claim lands beside the
    /// others of its second, and the expired go from one end, where keyed by key and nonce each claim
    /// dirtied a page of its own somewhere in the table (and of an expiry index besides). A replay
    /// carries the same signed `created`, so the same expiry: it still meets its first claim.
    public static let nonceMigrations: [Migration] = [
        Migration(
            module: "exchange-log-nonces", version: 1, name: "the nonce ledger keyed by expiry first",
            sqlite: nonceLedgerByExpiry(keyed: " WITHOUT ROWID"), postgres: nonceLedgerByExpiry(keyed: ""))
    ]

    static func nonceLedgerByExpiry(keyed: String) -> [String] {
        [
            """
            CREATE TABLE exchange_nonces_by_expiry (expires_at BIGINT NOT NULL, key_id TEXT NOT NULL, nonce TEXT NOT NULL,
              PRIMARY KEY (expires_at, key_id, nonce))\(keyed)
            """,
            "INSERT INTO exchange_nonces_by_expiry (expires_at, key_id, nonce) SELECT expires_at, key_id, nonce FROM exchange_nonces",
            "DROP TABLE exchange_nonces",
            "ALTER TABLE exchange_nonces_by_expiry RENAME TO exchange_nonces",
        ]
    }

    /// Run where the message log is (its own store, or the register's when they are one), once its
    /// table exists there. Lines written before get their leaves from `MessageLog.backfillLeaves`.
    public static let leafMigrations: [Migration] = [
        Migration(
            module: "exchange-log-leaf", version: 1, name: "each message's leaf in the transparency log, and the opening of its commitment",
            sqlite: [
                "ALTER TABLE exchange_messages ADD COLUMN leaf BIGINT", "ALTER TABLE exchange_messages ADD COLUMN opening BLOB",
                "CREATE UNIQUE INDEX exchange_messages_leaf ON exchange_messages (leaf)",
            ],
            postgres: [
                "ALTER TABLE exchange_messages ADD COLUMN leaf BIGINT", "ALTER TABLE exchange_messages ADD COLUMN opening BYTEA",
                "CREATE UNIQUE INDEX exchange_messages_leaf ON exchange_messages (leaf)",
            ])
    ]

    static func log(_ dialect: SQLDialect) -> [String] {
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        return [
            "CREATE TABLE exchange_nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (key_id, nonce))",
            "CREATE INDEX exchange_nonces_expiry ON exchange_nonces (expires_at)",
            """
            CREATE TABLE exchange_messages (id \(identity), at BIGINT NOT NULL, request_id TEXT NOT NULL, member TEXT, subsystem TEXT,
              key_id TEXT, method TEXT NOT NULL, target TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
              request_base TEXT, request_signature TEXT, response_base TEXT, response_signature TEXT, service TEXT, duration_us BIGINT)
            """,
            "CREATE INDEX exchange_messages_request ON exchange_messages (request_id)",
            "CREATE INDEX exchange_messages_time ON exchange_messages (at)",
        ]
    }

    static func version2(_ dialect: SQLDialect) -> [String] {
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        let blob = dialect == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE exchange_legal_documents (code TEXT PRIMARY KEY, title TEXT NOT NULL, article TEXT, valid_from TEXT NOT NULL,
              valid_to TEXT, added_at BIGINT NOT NULL, added_by TEXT NOT NULL)
            """,
            """
            CREATE TABLE exchange_grants (id \(identity), member TEXT NOT NULL, subsystem TEXT NOT NULL, service TEXT NOT NULL,
              fields TEXT NOT NULL, purpose TEXT NOT NULL, legal_basis TEXT NOT NULL REFERENCES exchange_legal_documents (code),
              province_code TEXT, added_at BIGINT NOT NULL, added_by TEXT NOT NULL, revoked_at BIGINT, revoked_by TEXT,
              FOREIGN KEY (member, subsystem) REFERENCES exchange_subsystems (member, code))
            """,
            "CREATE INDEX exchange_grants_subsystem ON exchange_grants (member, subsystem)",
            """
            CREATE TABLE exchange_consents (id TEXT PRIMARY KEY, subject TEXT NOT NULL, member TEXT NOT NULL REFERENCES exchange_members (code),
              fields TEXT NOT NULL, purpose TEXT NOT NULL, given_at BIGINT NOT NULL, valid_until BIGINT NOT NULL, withdrawn_at BIGINT)
            """,
            "CREATE INDEX exchange_consents_subject ON exchange_consents (subject)",
            "CREATE TABLE exchange_nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (key_id, nonce))",
            "CREATE INDEX exchange_nonces_expiry ON exchange_nonces (expires_at)",
            """
            CREATE TABLE exchange_messages (id \(identity), at BIGINT NOT NULL, request_id TEXT NOT NULL, member TEXT, subsystem TEXT,
              key_id TEXT, method TEXT NOT NULL, target TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
              request_base TEXT, request_signature TEXT, response_base TEXT, response_signature TEXT)
            """,
            "CREATE INDEX exchange_messages_request ON exchange_messages (request_id)",
            "CREATE TABLE exchange_signing_keys (key_id TEXT PRIMARY KEY, sealed \(blob) NOT NULL, created_at BIGINT NOT NULL)",
        ]
    }

    static func version3(_ dialect: SQLDialect) -> [String] {
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        let blob = dialect == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE exchange_subscriptions (id \(identity), member TEXT NOT NULL, subsystem TEXT NOT NULL, kinds TEXT NOT NULL,
              province_code TEXT, watch_list INTEGER NOT NULL, endpoint TEXT, scheme TEXT NOT NULL, secret \(blob), fields TEXT NOT NULL,
              purpose TEXT NOT NULL, legal_basis TEXT NOT NULL, created_at BIGINT NOT NULL, cancelled_at BIGINT)
            """,
            "CREATE TABLE exchange_watch (subscription_id BIGINT NOT NULL, personal_number TEXT NOT NULL, PRIMARY KEY (personal_number, subscription_id))",
            "CREATE TABLE exchange_dispatch (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
            """
            CREATE TABLE exchange_deliveries (id \(identity), subscription_id BIGINT NOT NULL, outbox_id BIGINT NOT NULL,
              personal_number TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at BIGINT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, delivered_at BIGINT, dead_at BIGINT,
              last_status INTEGER, last_error TEXT, UNIQUE (subscription_id, outbox_id))
            """,
            "CREATE INDEX exchange_deliveries_due ON exchange_deliveries (delivered_at, dead_at, next_attempt_at)",
            "CREATE INDEX exchange_deliveries_person ON exchange_deliveries (subscription_id, personal_number, id)",
        ]
    }

    static func version5(_ dialect: SQLDialect) -> [String] {
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            """
            CREATE TABLE exchange_record_types (code TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL, fields TEXT NOT NULL,
              added_at BIGINT NOT NULL, added_by TEXT NOT NULL)
            """,
            """
            CREATE TABLE exchange_linked_records (id \(identity), personal_number TEXT NOT NULL, type TEXT NOT NULL REFERENCES exchange_record_types (code),
              data TEXT NOT NULL, member TEXT NOT NULL, subsystem TEXT NOT NULL, legal_basis TEXT NOT NULL, recorded_at BIGINT NOT NULL,
              request_id TEXT NOT NULL)
            """,
            "CREATE INDEX exchange_linked_records_person ON exchange_linked_records (personal_number, type, id)",
        ]
    }

    static func version6(_ dialect: SQLDialect) -> [String] {
        let blob = dialect == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE exchange_batches (id TEXT PRIMARY KEY, member TEXT NOT NULL, subsystem TEXT NOT NULL, key_id TEXT NOT NULL,
              purpose TEXT NOT NULL, legal_basis TEXT NOT NULL, request_id TEXT NOT NULL, status TEXT NOT NULL,
              lines BIGINT NOT NULL DEFAULT 0, bytes BIGINT NOT NULL DEFAULT 0, processed BIGINT NOT NULL DEFAULT 0, matched BIGINT NOT NULL DEFAULT 0,
              errors BIGINT NOT NULL DEFAULT 0, result_digest TEXT, result_bytes BIGINT, failure TEXT, created_at BIGINT NOT NULL, finished_at BIGINT,
              expires_at BIGINT, lease_until BIGINT)
            """,
            "CREATE INDEX exchange_batches_owner ON exchange_batches (member, subsystem, created_at)",
            "CREATE INDEX exchange_batches_status ON exchange_batches (status, created_at)",
            """
            CREATE TABLE exchange_batch_input (batch_id TEXT NOT NULL, chunk INTEGER NOT NULL, first_line BIGINT NOT NULL,
              lines INTEGER NOT NULL, data \(blob) NOT NULL, PRIMARY KEY (batch_id, chunk))
            """,
            "CREATE TABLE exchange_batch_results (batch_id TEXT NOT NULL, chunk INTEGER NOT NULL, data \(blob) NOT NULL, PRIMARY KEY (batch_id, chunk))",
        ]
    }
}
