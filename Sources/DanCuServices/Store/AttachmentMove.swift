import DanCuStore

/// Before attachments had a store of their own, each box sat in its `service_attachments` row in the
/// register's database. This copies those boxes to the attachments' store, a chunk at a time (a box
/// there already is kept), then drops the register's column (services migration 3). A move cut short
/// goes on at the next start: nothing leaves the register until every box is copied.
enum AttachmentMove {
    static let chunk = 200

    /// Copies the boxes the register still holds into `files`; returns how many it copied.
    @discardableResult
    static func run(from register: any Store, to files: AttachmentFiles) async throws -> Int {
        guard try await register.read({ db in try hasBoxes(db) }) else { return 0 }
        var moved = 0
        var after = ("", "")
        while true {
            let (application, code) = after
            let rows = try await register.read { db in
                try db.query(
                    """
                    SELECT application, code, sha256, added_at, sealed FROM service_attachments
                    WHERE application > ? OR (application = ? AND code > ?) ORDER BY application, code LIMIT ?
                    """, [.text(application), .text(application), .text(code), .int(Int64(chunk))])
            }
            guard let last = rows.last else { break }
            let boxes = try rows.map { row in
                guard case .blob(let sealed) = row["sealed"] else { throw StoreError.unexpectedValue(column: "sealed") }
                return AttachmentFiles.Box(
                    application: try row.string("application"), code: try row.string("code"), sha256: try row.string("sha256"), sealed: sealed,
                    storedAt: try row.int("added_at"))
            }
            try await files.put(boxes)
            moved += boxes.count
            after = (try last.string("application"), try last.string("code"))
        }
        try await Migrator.migrate(register, [ServicesSchema.boxesMoved])
        return moved
    }

    /// Whether `service_attachments` still has its `sealed` column.
    static func hasBoxes(_ db: any SQLConnection) throws -> Bool {
        let sql =
            db.dialect == .sqlite
            ? "SELECT 1 AS x FROM pragma_table_info('service_attachments') WHERE name = 'sealed'"
            : """
            SELECT 1 AS x FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'service_attachments' AND column_name = 'sealed'
            """
        return try db.queryOne(sql) != nil
    }
}
