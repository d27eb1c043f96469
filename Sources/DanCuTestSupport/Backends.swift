@_spi(Gate) public import DanCuRegister
public import DanCuStore
import Foundation

/// The backends every contract test runs on: SQLite always, PostgreSQL when DANCU_TEST_POSTGRES_URL is set.
/// Each test gets an empty database of its own. Only test targets depend on this module.
public enum Backend: String, CustomStringConvertible, Sendable {
    case sqlite, postgres
    public var description: String { rawValue }

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["DANCU_TEST_POSTGRES_URL"] }

    public static let all: [Backend] = {
        if postgresURL == nil {
            print("NOTE: PostgreSQL contract suite SKIPPED: DANCU_TEST_POSTGRES_URL is not set; running on SQLite only")
            return [.sqlite]
        }
        print("NOTE: contract suite runs on SQLite and PostgreSQL")
        return [.sqlite, .postgres]
    }()

    /// A fresh, migrated register; the closure's end drops it.
    public func withRegister<T>(_ body: (Register) async throws -> T) async throws -> T {
        try await withStore { store in
            let register = Register(store: store)
            try await register.migrate()
            return try await body(register)
        }
    }

    /// A fresh, empty database (no schema), for tests of migrations; the closure's end drops it.
    public func withStore<T>(_ body: (any Store) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-test-\(UUID().uuidString)")
            let store = try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path)
            do {
                let result = try await body(store)
                await store.close()
                try? FileManager.default.removeItem(at: dir)
                return result
            } catch {
                await store.close()
                try? FileManager.default.removeItem(at: dir)
                throw error
            }
        case .postgres:
            return try await Self.withPostgresDatabase { url in
                // Four connections a test: the suites run in parallel, each test on a database of its own.
                let store = try PostgresStore(url: url, maximumConnections: 4)
                do {
                    let result = try await body(store)
                    await store.close()
                    return result
                } catch {
                    await store.close()
                    throw error
                }
            }
        }
    }

    /// The URL of a fresh, empty PostgreSQL database, for tests of what opens its own stores; the
    /// closure's end drops it (whoever connected must have closed by then).
    public static func withPostgresDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        guard let url = postgresURL, var components = URLComponents(string: url) else { throw StoreError.closed }
        await PostgresSlots.shared.acquire()
        defer { Task { await PostgresSlots.shared.release() } }
        let name = "dancu_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await administer(url, "CREATE DATABASE \(name)")
        components.path = "/" + name
        do {
            let result = try await body(components.string ?? url)
            try? await administer(url, "DROP DATABASE \(name)")
            return result
        } catch {
            try? await administer(url, "DROP DATABASE \(name)")
            throw error
        }
    }

    /// One statement on the server's own database, over a connection of its own that is closed at once.
    static func administer(_ url: String, _ sql: String) async throws {
        let admin = try PostgresStore(url: url, maximumConnections: 1)
        do { try await autocommit(admin, sql) } catch {
            await admin.close()
            throw error
        }
        await admin.close()
    }

    /// CREATE/DROP DATABASE cannot run inside a transaction; COMMIT first ends the store's one.
    static func autocommit(_ store: PostgresStore, _ sql: String) async throws {
        try await store.write { db in
            try db.execute("COMMIT")
            try db.execute(sql)
            try db.execute("BEGIN")
        }
    }
}

/// How many tests may hold a PostgreSQL database at once. The suites run in parallel and each test
/// opens a pool on a database of its own; unbounded, they pass the server's connection limit
/// ("too many clients") on a two-core machine running some sixty tests at a time.
actor PostgresSlots {
    static let shared = PostgresSlots(limit: 12)
    let limit: Int
    var used = 0
    var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if used < limit {
            used += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            used -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
