import DanCuStore

/// Reads and writes of `service_attachments`, inside the caller's transaction: what each file is, in
/// the clear. The content is in the attachments' own store (`AttachmentFiles`), found by the row's
/// SHA-256.
enum AttachmentTable {
    /// Records `kept` for `application`, replacing an earlier file of the same code.
    static func put(_ kept: KeptAttachment, of application: String, in db: any SQLConnection) throws {
        try db.execute("DELETE FROM service_attachments WHERE application = ? AND code = ?", [.text(application), .text(kept.code)])
        try db.execute(
            """
            INSERT INTO service_attachments (application, code, media_type, byte_count, sha256, file_name, added_at)
            VALUES (?,?,?,?,?,?,?)
            """,
            [
                .text(application), .text(kept.code), .text(kept.mediaType), .int(Int64(kept.byteCount)), .text(kept.sha256), SQLValue(kept.fileName),
                .int(kept.addedAt),
            ])
    }

    /// What an application's attachments are, in the order of their codes; without their content.
    static func list(of application: String, in db: any SQLConnection) throws -> [KeptAttachment] {
        try db.query(
            "SELECT code, media_type, byte_count, sha256, file_name, added_at FROM service_attachments WHERE application = ? ORDER BY code",
            [.text(application)]
        ).map(kept)
    }

    /// One attachment of `application`, without its content.
    static func load(_ code: String, of application: String, in db: any SQLConnection) throws -> KeptAttachment? {
        try db.queryOne(
            "SELECT code, media_type, byte_count, sha256, file_name, added_at FROM service_attachments WHERE application = ? AND code = ?",
            [.text(application), .text(code)]
        ).map(kept)
    }

    private static func kept(_ row: SQLRow) throws -> KeptAttachment {
        KeptAttachment(
            code: try row.string("code"), mediaType: try row.string("media_type"), byteCount: Int(try row.int("byte_count")),
            sha256: try row.string("sha256"), fileName: row["file_name"].string, addedAt: try row.int("added_at"))
    }

    /// What a sealed box is bound to: the application and the attachment's code, so that a box copied
    /// to another application's row does not open.
    static func owner(_ application: String, _ code: String) -> String { application + "/" + code }
}
