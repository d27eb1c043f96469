import DanCuStore

/// Deletes the boxes no application names: a submission refused after its files were stored (a taken
/// code, a repeated Idempotency-Key), a supplement's answer refused, or a crash between a box's commit
/// and its application's. They hold a citizen's scans and must not stay. The sweep goes through the
/// boxes in the order they were stored, a batch at a time, from where the last batch stopped (kept in
/// the attachments' store), and only among those stored before `cutoff`: a box is written a moment
/// before the row that names it, so a younger one may still be on its way.
enum AttachmentSweep {
    struct Key: Sendable, Hashable {
        let application: String
        let code: String
        let sha256: String
    }

    /// Looks at the next `batch` boxes stored before `cutoff`; deletes those no row of `register`
    /// names. Returns how many it looked at (0: the sweep has caught up) and how many it deleted.
    static func next(register: any Store, files: any Store, before cutoff: Int64, batch: Int) async throws -> (examined: Int, deleted: Int) {
        let boxes = try await files.read { db -> [(Key, Int64)] in
            let after = try db.queryOne("SELECT stored_at, application, code, sha256 FROM service_attachment_sweep WHERE id = 1")
            let rows = try db.query(
                """
                SELECT stored_at, application, code, sha256 FROM service_attachment_files
                WHERE stored_at < ? AND (stored_at, application, code, sha256) > (?, ?, ?, ?)
                ORDER BY stored_at, application, code, sha256 LIMIT ?
                """,
                [
                    .int(cutoff), .int(after?["stored_at"].int ?? Int64.min), .text(after?["application"].string ?? ""),
                    .text(after?["code"].string ?? ""), .text(after?["sha256"].string ?? ""), .int(Int64(batch)),
                ])
            return try rows.map { row in
                (Key(application: try row.string("application"), code: try row.string("code"), sha256: try row.string("sha256")), try row.int("stored_at"))
            }
        }
        guard let (lastKey, lastStored) = boxes.last else { return (0, 0) }
        let applications = Array(Set(boxes.map(\.0.application)))
        let named = try await register.read { db in
            try Set(
                db.query(
                    "SELECT application, code, sha256 FROM service_attachments WHERE application IN (\(Array(repeating: "?", count: applications.count).joined(separator: ",")))",
                    applications.map { .text($0) }
                ).map { Key(application: try $0.string("application"), code: try $0.string("code"), sha256: try $0.string("sha256")) })
        }
        let orphans = boxes.map(\.0).filter { !named.contains($0) }
        try await files.write { db in
            for key in orphans {
                try db.execute(
                    "DELETE FROM service_attachment_files WHERE application = ? AND code = ? AND sha256 = ?",
                    [.text(key.application), .text(key.code), .text(key.sha256)])
            }
            try db.execute(
                """
                INSERT INTO service_attachment_sweep (id, stored_at, application, code, sha256) VALUES (1, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET stored_at = excluded.stored_at, application = excluded.application,
                  code = excluded.code, sha256 = excluded.sha256
                """, [.int(lastStored), .text(lastKey.application), .text(lastKey.code), .text(lastKey.sha256)])
        }
        return (boxes.count, orphans.count)
    }
}
