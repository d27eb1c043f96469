import DanCuStore

/// Moves the entries of register writes from the register's outbox into the access log's store. The
/// gate runs it after every write, before answering; at start-up it picks up what a crash left behind.
/// Each entry keeps its outbox id in `relayed_from`, so running it twice adds nothing twice.
struct AccessLogRelay: Sendable {
    let register: any Store
    let log: any Store

    @discardableResult
    func run(batch: Int = 1000) async throws -> Int {
        var moved = 0
        while true {
            let rows = try await register.read { db in
                try db.query(
                    "SELECT id, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log_outbox ORDER BY id LIMIT ?",
                    [.int(Int64(batch))])
            }
            guard !rows.isEmpty else { return moved }
            let ids = rows.compactMap { $0["id"].int }
            let columns = AccessLogTable.columns
            try await log.write { db in
                let insert = db.dialect == .sqlite ? "INSERT OR IGNORE INTO" : "INSERT INTO"
                let conflict = db.dialect == .sqlite ? "" : " ON CONFLICT (relayed_from) DO NOTHING"
                let marks = Array(repeating: "?", count: columns.count + 1).joined(separator: ",")
                for row in rows {
                    try db.execute(
                        "\(insert) access_log (\(columns.joined(separator: ",")), relayed_from) VALUES (\(marks))\(conflict)",
                        columns.map { row[$0] } + [row["id"]])
                }
            }
            try await register.write { db in
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                try db.execute("DELETE FROM access_log_outbox WHERE id IN (\(marks))", ids.map { .int($0) })
            }
            moved += rows.count
        }
    }
}
