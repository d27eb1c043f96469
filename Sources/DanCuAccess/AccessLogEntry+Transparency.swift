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
        CanonicalJSON.object(["reason": CanonicalJSON(reason), "request": .string(requestId), "subject": CanonicalJSON(subject)]).bytes
    }

    /// The actor as the public may see it: a citizen's personal number never.
    public var publicActor: String {
        guard role == Role.citizen.rawValue else { return actor }
        return actor == subject ? "self" : "citizen"
    }

    /// The public entry with the commitment `opening` opens.
    public func publicEntry(opening: [UInt8]) -> [UInt8] {
        // Members in RFC 8785's order, which spares the encoding its sort.
        CanonicalJSON.object([
            "action": .string(action), "actor": .string(publicActor), "at": .int(at), "basis": CanonicalJSON(legalBasis),
            "commitment": .base64(Commitment.commitment(opening: opening, to: committedBytes)), "decision": .string(decision.rawValue),
            "fields": .array(fields.map { .string($0) }), "log": .string("access"), "purpose": CanonicalJSON(purpose), "role": .string(role),
            "v": .int(Self.publicVersion),
        ]).bytes
    }

    /// The entry with an opening of its own, refused here if its public entry would not fit an entry
    /// bundle (so it fails its own request, not the log). The entry itself is encoded and hashed when
    /// the log integrates it (`TransparencyLog`).
    func withOpening(_ opening: [UInt8] = Commitment.newOpening()) throws -> AccessLogEntry {
        var entry = self
        entry.opening = opening
        try Leaf.requireFits(texts: [actor, role, action, purpose ?? "", legalBasis ?? ""] + fields) { entry.publicEntry(opening: opening) }
        return entry
    }
}

/// The access log's entries as the transparency log integrates them: each rebuilt from its row and the
/// opening kept in it.
public struct AccessLogEntries: SequencedEntries {
    public init() {}

    public func entries(_ leaves: Range<Int64>, in db: any SQLConnection) throws -> [Int64: [UInt8]] {
        var rebuilt: [Int64: [UInt8]] = [:]
        for entry in try AccessLogLeaves.entries(leaves: leaves, in: db) {
            guard let leaf = entry.leaf, let opening = entry.opening else { continue }
            rebuilt[leaf] = entry.publicEntry(opening: opening)
        }
        return rebuilt
    }
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
