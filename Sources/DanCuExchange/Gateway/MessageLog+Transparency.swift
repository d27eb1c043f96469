public import DanCuStore
public import DanCuTransparency
import Foundation

/// A message-log line as the public transparency log shows it (docs/transparency.md): when, which
/// member's subsystem, which service, the HTTP status. What was asked and answered (the target names a
/// personal number), the signatures and the outcome are bound only through the commitment.
extension MessageLog.Entry {
    public var committedBytes: [UInt8] {
        CanonicalJSON.object([
            "request": .string(requestId), "key": CanonicalJSON(keyId), "method": .string(method), "target": .string(target),
            "outcome": .string(outcome), "requestBase": CanonicalJSON(requestBase), "requestSignature": CanonicalJSON(requestSignature),
            "responseBase": CanonicalJSON(responseBase), "responseSignature": CanonicalJSON(responseSignature),
            "durationMicros": .int(durationMicros),
        ]).bytes
    }

    /// The public entry with the commitment `opening` opens.
    public func publicEntry(opening: [UInt8]) -> [UInt8] {
        CanonicalJSON.object([
            "v": .int(1), "log": .string("exchange"), "at": .int(at), "member": CanonicalJSON(subsystem?.member),
            "subsystem": CanonicalJSON(subsystem?.code), "service": .string(service), "status": .int(Int64(status)),
            "commitment": .base64(Commitment.commitment(opening: opening, to: committedBytes)),
        ]).bytes
    }

    /// The line with an opening of its own, refused here if its public entry would not fit an entry
    /// bundle (so it fails its own request, not the log). The entry itself is encoded and hashed when
    /// the log integrates the line (`TransparencyLog`).
    func withOpening(_ opening: [UInt8]) throws -> MessageLog.Entry {
        var line = self
        line.opening = opening
        try Leaf.requireFits(texts: [subsystem?.member, subsystem?.code, service].compactMap { $0 }) { line.publicEntry(opening: opening) }
        return line
    }
}

extension MessageLog {
    /// The lines whose leaves are in `leaves`, for an audit of the transparency log.
    public static func entries(leaves: Range<Int64>, in db: any SQLConnection) throws -> [Entry] {
        try db.query("SELECT * FROM exchange_messages WHERE leaf >= ? AND leaf < ? ORDER BY leaf", [.int(leaves.lowerBound), .int(leaves.upperBound)])
            .map(entry)
    }

    /// How many lines have no leaf, and how many claim one beyond `size`.
    public static func unaccounted(size: Int64, in db: any SQLConnection) throws -> (withoutLeaf: Int64, beyond: Int64) {
        let without = try db.queryOne("SELECT COUNT(*) AS n FROM exchange_messages WHERE leaf IS NULL")?.int("n") ?? 0
        let beyond = try db.queryOne("SELECT COUNT(*) AS n FROM exchange_messages WHERE leaf >= ?", [.int(size)])?.int("n") ?? 0
        return (without, beyond)
    }
}
