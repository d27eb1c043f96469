public import DanCuStore

/// The exchange gateway's tables: member systems, their subsystems and keys, and the append-only
/// record of every change an administrator made to them.
public enum ExchangeSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "exchange", version: 1, name: "member systems, subsystems, their keys; the record of changes",
            sqlite: version1(.sqlite), postgres: version1(.postgres))
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
}
