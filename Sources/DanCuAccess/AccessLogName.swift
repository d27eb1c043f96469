import DanCuStore
import Foundation

/// The name an access log is given once, when it is made: a database's log keeps it through failovers
/// and restores (it is a row of the database), and a log made again (a database dropped and created
/// under the same name) has another. A server's spool (`AccessLogSpool`) says whose entries it holds
/// by it, so that they are never relayed into a log they were not made for.
enum AccessLogName {
    /// The log's name, made in the first call (servers starting together agree on the first one written).
    static func of(_ log: any Store) async throws -> String {
        let made = UUID().uuidString.lowercased()
        return try await log.write { db in
            try db.execute("INSERT INTO access_log_name (one, name) VALUES (1, ?) ON CONFLICT (one) DO NOTHING", [.text(made)])
            guard let name = try db.queryOne("SELECT name FROM access_log_name WHERE one = 1")?.string("name") else {
                throw StoreError.unexpectedValue(column: "access_log_name.name")
            }
            return name
        }
    }
}
