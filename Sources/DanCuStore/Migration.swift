/// One step of a module's schema. Each module numbers its own migrations; the runner applies the missing
/// ones in order, each in its own transaction, and records them in `schema_migrations`.
public struct Migration: Sendable {
    public let module: String
    public let version: Int
    public let name: String
    public let sqlite: [String]
    public let postgres: [String]

    /// A migration whose statements are the same on both backends.
    public init(module: String, version: Int, name: String, sql: [String]) {
        self.init(module: module, version: version, name: name, sqlite: sql, postgres: sql)
    }

    public init(module: String, version: Int, name: String, sqlite: [String], postgres: [String]) {
        self.module = module
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }

    func statements(for dialect: SQLDialect) -> [String] { dialect == .sqlite ? sqlite : postgres }
}

public enum Migrator {
    /// Applies what is missing; returns the migrations applied now.
    @discardableResult
    public static func migrate(_ store: any Store, _ migrations: [Migration]) async throws -> [Migration] {
        try await store.write { db in
            try db.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
                  PRIMARY KEY (module, version))
                """)
        }
        var applied: [Migration] = []
        for migration in migrations.sorted(by: { ($0.module, $0.version) < ($1.module, $1.version) }) {
            let didApply = try await store.write { db -> Bool in
                if db.dialect == .postgres {
                    try db.execute("SELECT pg_advisory_xact_lock(4242)")
                }
                let done = try db.queryOne(
                    "SELECT 1 AS x FROM schema_migrations WHERE module = ? AND version = ?",
                    [.text(migration.module), .int(Int64(migration.version))])
                guard done == nil else { return false }
                for statement in migration.statements(for: db.dialect) { try db.execute(statement) }
                try db.execute(
                    "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)",
                    [
                        .text(migration.module), .int(Int64(migration.version)), .text(migration.name),
                        .text(WallClock.nowISO()),
                    ])
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }
}
