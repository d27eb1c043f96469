import DanCuRegister
import DanCuStore
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
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-test-\(UUID().uuidString)")
            let store = try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path)
            let register = Register(store: store)
            try await register.migrate()
            do {
                let result = try await body(register)
                await store.close()
                try? FileManager.default.removeItem(at: dir)
                return result
            } catch {
                await store.close()
                try? FileManager.default.removeItem(at: dir)
                throw error
            }
        case .postgres:
            guard let url = Self.postgresURL, var components = URLComponents(string: url) else { throw StoreError.closed }
            let name = "dancu_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try PostgresStore(url: url, maximumConnections: 1)
            try await Self.autocommit(admin, "CREATE DATABASE \(name)")
            components.path = "/" + name
            let store = try PostgresStore(url: components.string ?? url)
            let register = Register(store: store)
            do {
                try await register.migrate()
                let result = try await body(register)
                await store.close()
                try? await Self.autocommit(admin, "DROP DATABASE \(name)")
                await admin.close()
                return result
            } catch {
                await store.close()
                try? await Self.autocommit(admin, "DROP DATABASE \(name)")
                await admin.close()
                throw error
            }
        }
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
