public import DanCuStore

/// Where audits of the log against the rows it stands for (`LogAudit` in DanCuApp) found it whole: the
/// size and the root then. The server's check at start-up audits only what came after the last mark,
/// after checking that the tree still gives the mark's root, so it does not grow with the log.
extension Checkpoints {
    /// The newest mark at most `size`.
    public func lastAudit(atMost size: Int64) async throws -> (size: Int64, root: [UInt8])? {
        try await store.read { db in
            guard let row = try db.query("SELECT size, root FROM transparency_audits WHERE size <= ? ORDER BY size DESC LIMIT 1", [.int(size)]).first,
                case .blob(let root) = row["root"]
            else { return nil }
            return (try row.int("size"), root)
        }
    }

    /// Records that an audit found the first `size` leaves whole, with root `root`.
    public func recordAudit(size: Int64, root: [UInt8]) async throws {
        try await store.write { db in
            try db.execute(
                "INSERT INTO transparency_audits (size, root, at) VALUES (?, ?, ?) ON CONFLICT (size) DO NOTHING", [.int(size), .blob(root), .int(now())])
        }
    }
}
