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
        var object = CanonicalObject(capacity: 128)
        object.member("reason", reason)
        object.member("request", requestId)
        object.member("subject", subject)
        return object.finish()
    }

    /// The actor as the public may see it: a citizen's personal number never.
    public var publicActor: String {
        guard role == Role.citizen.rawValue else { return actor }
        return actor == subject ? "self" : "citizen"
    }

    /// The public entry with the commitment `opening` opens.
    public func publicEntry(opening: [UInt8]) -> [UInt8] {
        var object = CanonicalObject()
        object.member("action", action)
        object.member("actor", publicActor)
        object.member("at", at)
        object.member("basis", legalBasis)
        object.member("commitment", base64: Commitment.commitment(opening: opening, to: committedBytes))
        object.member("decision", decision.rawValue)
        object.member("fields", strings: fields)
        object.member("log", "access")
        object.member("purpose", purpose)
        object.member("role", role)
        object.member("v", Self.publicVersion)
        return object.finish()
    }

    /// The entry with an opening of its own and its leaf, refused here if its public entry would not fit
    /// an entry bundle (so it fails its own request, not the log).
    func withLeaf(_ opening: [UInt8] = Commitment.newOpening()) throws -> (AccessLogEntry, Leaf) {
        var entry = self
        entry.opening = opening
        return (entry, try Leaf(entry: entry.publicEntry(opening: opening)))
    }

    /// The entry as its row gives it back (`AccessLogTable.entry`): the row keeps the fields joined by
    /// commas, so an empty field name or one with a comma would come back otherwise, and its leaf, worked
    /// out from the entry, would not be the one the row rebuilds.
    var asStored: AccessLogEntry {
        guard fields.contains(where: { $0.isEmpty || $0.utf8.contains(UInt8(ascii: ",")) }) else { return self }
        var entry = self
        entry.fields = fields.joined(separator: ",").split(separator: ",").map(String.init)
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
