public import DanCuStore
public import DanCuTransparency
import Foundation

/// An access-log entry as the public transparency log shows it (docs/transparency.md): who acted
/// (institutions and officers by name; a citizen only as `self` or `citizen`), the action, the fields,
/// the purpose, the legal basis, the decision and the time, in canonical JSON (RFC 8785); whose data,
/// the request id and the reason only through the commitment, which the subject's opening opens.
extension AccessLogEntry {
    public static let publicVersion: Int64 = 1

    /// What the commitment binds: canonical JSON of the subject, the request id and the reason.
    public var committedBytes: [UInt8] {
        CanonicalJSON.object(["subject": CanonicalJSON(subject), "request": .string(requestId), "reason": CanonicalJSON(reason)]).bytes
    }

    /// The actor as the public may see it: a citizen's personal number never.
    public var publicActor: String {
        guard role == Role.citizen.rawValue else { return actor }
        return actor == subject ? "self" : "citizen"
    }

    /// The public entry with the commitment `opening` opens.
    public func publicEntry(opening: [UInt8]) -> [UInt8] {
        CanonicalJSON.object([
            "v": .int(Self.publicVersion), "log": .string("access"), "at": .int(at), "actor": .string(publicActor), "role": .string(role),
            "action": .string(action), "fields": .array(fields.map { .string($0) }), "purpose": CanonicalJSON(purpose),
            "basis": CanonicalJSON(legalBasis), "decision": .string(decision.rawValue),
            "commitment": .base64(Commitment.commitment(opening: opening, to: committedBytes)),
        ]).bytes
    }

    /// The entry with an opening of its own, and its leaf: worked out by the request that made the
    /// entry, before the log's transaction.
    func sealed() throws -> SealedEntry {
        var entry = self
        let opening = Commitment.newOpening()
        entry.opening = opening
        return SealedEntry(entry: entry, leaf: try Leaf(entry: entry.publicEntry(opening: opening)))
    }
}

/// An access-log entry with its opening, and the leaf it becomes (nil only in the bench's reference
/// gate, which keeps no tree).
struct SealedEntry: Sendable {
    let entry: AccessLogEntry
    let leaf: Leaf?
}

/// The access log by leaf, for an audit of the transparency log.
public enum AccessLogLeaves {
    /// The entries whose leaves are in `leaves`.
    public static func entries(leaves: Range<Int64>, in db: any SQLConnection) throws -> [AccessLogEntry] {
        try db.query(
            "SELECT id, leaf, opening, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log WHERE leaf >= ? AND leaf < ? ORDER BY leaf",
            [.int(leaves.lowerBound), .int(leaves.upperBound)]
        ).map(AccessLogTable.entry)
    }

    /// How many entries have no leaf: none, unless a row was written around the log.
    public static func withoutLeaf(in db: any SQLConnection) throws -> Int64 {
        try db.queryOne("SELECT COUNT(*) AS n FROM access_log WHERE leaf IS NULL")?.int("n") ?? 0
    }

    /// Entries that claim a leaf the tree does not have.
    public static func beyond(_ size: Int64, in db: any SQLConnection) throws -> Int64 {
        try db.queryOne("SELECT COUNT(*) AS n FROM access_log WHERE leaf >= ?", [.int(size)])?.int("n") ?? 0
    }
}
