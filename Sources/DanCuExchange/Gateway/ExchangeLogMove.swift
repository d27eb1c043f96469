import DanCuStore

/// Before the gateway's logs lived beside the access log, the nonce ledger and the message log were
/// tables of the register's file (exchange migrations 2 and 4 still make them there). Where the logs now
/// have a store of their own, this moves what the register's file holds into it, then drops the old
/// tables. The message log is evidence, so nothing may be lost on the way: lines keep their ids, a chunk
/// is copied (a copy that finds its id already there does nothing) before it is deleted, so a move cut
/// short by a crash simply goes on at the next start.
enum ExchangeLogMove {
    static let chunk = 2_000
    static let messageColumns = [
        "id", "at", "request_id", "member", "subsystem", "key_id", "method", "target", "status", "outcome", "request_base",
        "request_signature", "response_base", "response_signature", "service", "duration_us",
    ]

    /// Moves the nonces and message-log lines `register` still holds to `logs`; returns the lines moved.
    @discardableResult
    static func run(from register: any Store, to logs: any Store) async throws -> Int {
        guard try await register.read({ db in try hasTable("exchange_messages", db) }) else { return 0 }
        let nonces = try await register.read { db in try db.query("SELECT key_id, nonce, expires_at FROM exchange_nonces") }
        try await logs.write { db in
            for row in nonces {
                try db.execute("INSERT INTO exchange_nonces (key_id, nonce, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING", row.values)
            }
        }
        var moved = 0
        let columns = messageColumns.joined(separator: ",")
        let slots = Array(repeating: "?", count: messageColumns.count).joined(separator: ",")
        while true {
            let rows = try await register.read { db in
                try db.query("SELECT \(columns) FROM exchange_messages ORDER BY id LIMIT ?", [.int(Int64(chunk))])
            }
            guard let last = rows.last?["id"].int else { break }
            try await logs.write { db in
                for row in rows {
                    try db.execute("INSERT INTO exchange_messages (\(columns)) VALUES (\(slots)) ON CONFLICT (id) DO NOTHING", row.values)
                }
            }
            try await register.write { db in try db.execute("DELETE FROM exchange_messages WHERE id <= ?", [.int(last)]) }
            moved += rows.count
        }
        if logs.dialect == .postgres, moved > 0 {
            try await logs.write { db in
                _ = try db.query("SELECT setval(pg_get_serial_sequence('exchange_messages', 'id'), (SELECT MAX(id) FROM exchange_messages))")
            }
        }
        try await register.write { db in
            try db.execute("DROP TABLE exchange_messages")
            try db.execute("DROP TABLE exchange_nonces")
        }
        return moved
    }

    static func hasTable(_ name: String, _ db: any SQLConnection) throws -> Bool {
        let sql =
            db.dialect == .sqlite
            ? "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?"
            : "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
        return try db.queryOne(sql, [.text(name)]) != nil
    }
}
