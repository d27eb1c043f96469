import DanCuStore
import DanCuTestSupport
import Testing

/// The runner applies a module's missing steps together or not at all, and a start that finds them all
/// applied changes nothing.
@Suite struct MigratorTests {
    static func step(_ version: Int, _ sql: String) -> Migration {
        Migration(module: "migrator-test", version: version, name: "step \(version)", sql: [sql])
    }

    static func versions(_ store: any Store) async throws -> [Int64] {
        try await store.read { db in
            try db.query("SELECT version FROM schema_migrations WHERE module = 'migrator-test' ORDER BY version").map { try $0.int("version") }
        }
    }

    static func tableExists(_ table: String, in store: any Store) async throws -> Bool {
        try await store.read { db in
            (try? db.query("SELECT COUNT(*) AS n FROM \(table)")) != nil
        }
    }

    @Test(arguments: Backend.all) func aFailedStepLeavesTheModuleAsItWas(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = Self.step(1, "CREATE TABLE migrator_a (id INTEGER PRIMARY KEY)")
            try await Migrator.migrate(store, [first])
            let broken = [first, Self.step(2, "CREATE TABLE migrator_b (id INTEGER PRIMARY KEY)"), Self.step(3, "CREATE TABLE migrator_a (id INTEGER)")]
            await #expect(throws: (any Error).self) { try await Migrator.migrate(store, broken) }
            #expect(try await Self.versions(store) == [1])
            #expect(try await !Self.tableExists("migrator_b", in: store))
            #expect(try await Self.tableExists("migrator_a", in: store))
        }
    }

    @Test(arguments: Backend.all) func theMissingStepsAreAppliedInOrderAndOnlyOnce(backend: Backend) async throws {
        try await backend.withStore { store in
            let steps = [
                Self.step(2, "INSERT INTO migrator_c (id) VALUES (2)"), Self.step(1, "CREATE TABLE migrator_c (id INTEGER PRIMARY KEY)"),
            ]
            let applied = try await Migrator.migrate(store, [steps[1]])
            #expect(applied.map(\.version) == [1])
            let rest = try await Migrator.migrate(store, steps + [Self.step(3, "INSERT INTO migrator_c (id) VALUES (3)")])
            #expect(rest.map(\.version) == [2, 3])
            #expect(try await Migrator.migrate(store, steps).isEmpty)
            #expect(try await Self.versions(store) == [1, 2, 3])
            let ids = try await store.read { db in try db.query("SELECT id FROM migrator_c ORDER BY id").map { try $0.int("id") } }
            #expect(ids == [2, 3])
        }
    }
}
