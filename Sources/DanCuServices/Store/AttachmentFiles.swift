import DanCuStore

/// The sealed content of attachments, in a store of their own (on SQLite a file beside the register's,
/// `dancu-attachments.sqlite`), so that scans of 100 KB to 10 MB never pass through the register's one
/// writer. A box is stored before the application row that names it commits, and is found by
/// application, attachment code and SHA-256: the register's row says which box is the attachment, and
/// a box no row names (a submission refused or cut short) is never read. Boxes that submissions store
/// at the same moment share a transaction (`GroupCommit`).
struct AttachmentFiles: Sendable {
    struct Box: Sendable {
        let application: String
        let code: String
        let sha256: String
        let sealed: [UInt8]
        let storedAt: Int64
    }

    let store: any Store
    let commit: GroupCommit<[Box], Void>

    init(store: any Store) {
        self.store = store
        commit = GroupCommit(store: store) { batches, db in
            try batches.map { boxes in
                for box in boxes { try Self.insert(box, in: db) }
            }
        }
    }

    /// Stores `boxes`, durable when it returns; a box stored already is kept as it is.
    func put(_ boxes: [Box]) async throws {
        guard !boxes.isEmpty else { return }
        try await commit.submit(boxes)
    }

    private static func insert(_ box: Box, in db: any SQLConnection) throws {
        try db.execute(
            """
            INSERT INTO service_attachment_files (application, code, sha256, stored_at, sealed) VALUES (?,?,?,?,?)
            ON CONFLICT DO NOTHING
            """, [.text(box.application), .text(box.code), .text(box.sha256), .int(box.storedAt), .blob(box.sealed)])
    }

    /// The box of the attachment `code` of `application` whose content has the digest `sha256`.
    func load(_ code: String, of application: String, sha256: String) async throws -> [UInt8]? {
        try await store.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT sealed FROM service_attachment_files WHERE application = ? AND code = ? AND sha256 = ?",
                    [.text(application), .text(code), .text(sha256)])
            else { return nil }
            guard case .blob(let sealed) = row["sealed"] else { throw StoreError.unexpectedValue(column: "sealed") }
            return sealed
        }
    }

    /// Drops the boxes of `code` in `application` other than the one with `sha256`: the files a
    /// supplement's answer replaced, once the register's row names the new one.
    func dropReplaced(_ code: String, of application: String, keeping sha256: String) async throws {
        try await store.write { db in
            try db.execute(
                "DELETE FROM service_attachment_files WHERE application = ? AND code = ? AND sha256 <> ?",
                [.text(application), .text(code), .text(sha256)])
        }
    }
}
