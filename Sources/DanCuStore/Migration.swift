/// One step of a module's schema. Each module numbers its own migrations; the runner applies the missing
/// ones in order, in one transaction, and records them in `schema_migrations`.
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
    /// Applies what is missing, in order, in one transaction (so a failed step leaves the module as it
    /// was), and returns the migrations applied now. A start that finds every step applied, as almost
    /// every start does, costs one read and takes no lock.
    @discardableResult
    public static func migrate(_ store: any Store, _ migrations: [Migration]) async throws -> [Migration] {
        let ordered = migrations.sorted(by: { ($0.module, $0.version) < ($1.module, $1.version) })
        let modules = Set(ordered.map(\.module))
        let done = try await store.read { db in try hasTable(in: db) ? try applied(of: modules, in: db) : [] }
        if ordered.allSatisfy({ done.contains(Step($0)) }) { return [] }
        return try await store.write { db in
            try db.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
                  PRIMARY KEY (module, version))
                """)
            // Servers starting together on one PostgreSQL database migrate one after another.
            if db.dialect == .postgres { try db.execute("SELECT pg_advisory_xact_lock(4242)") }
            let done = try applied(of: modules, in: db)
            var now: [Migration] = []
            for migration in ordered where !done.contains(Step(migration)) {
                for statement in migration.statements(for: db.dialect) { try db.execute(statement) }
                try db.execute(
                    "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)",
                    [.text(migration.module), .int(Int64(migration.version)), .text(migration.name), .text(WallClock.nowISO())])
                now.append(migration)
            }
            return now
        }
    }

    /// A module's step, as `schema_migrations` records it.
    struct Step: Hashable {
        let module: String
        let version: Int64
    }

    /// Whether `schema_migrations` exists, asked so that a fresh database logs no error for it.
    static func hasTable(in db: any SQLConnection) throws -> Bool {
        let sql =
            db.dialect == .postgres
            ? "SELECT COUNT(*) AS n FROM pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()"
            : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        return try db.queryOne(sql)?.int("n") ?? 0 > 0
    }

    static func applied(of modules: Set<String>, in db: any SQLConnection) throws -> Set<Step> {
        var steps: Set<Step> = []
        for module in modules.sorted() {
            for row in try db.query("SELECT version FROM schema_migrations WHERE module = ?", [.text(module)]) {
                steps.insert(Step(module: module, version: try row.int("version")))
            }
        }
        return steps
    }
}

extension Migrator.Step {
    init(_ migration: Migration) { self.init(module: migration.module, version: Int64(migration.version)) }
}
