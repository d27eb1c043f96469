public import DanCuStore
public import DanCuTransparency
import Foundation

/// A message-log line as the public transparency log shows it (docs/transparency.md): when, which
/// member's subsystem, which service, the HTTP status. What was asked and answered (the target names a
/// personal number), the signatures and the outcome are bound only through the commitment.
extension MessageLog.Entry {
    public var committedBytes: [UInt8] {
        var object = CanonicalObject(capacity: 1_024)
        object.member("durationMicros", durationMicros)
        object.member("key", keyId)
        object.member("method", method)
        object.member("outcome", outcome)
        object.member("request", requestId)
        object.member("requestBase", requestBase)
        object.member("requestSignature", requestSignature)
        object.member("responseBase", responseBase)
        object.member("responseSignature", responseSignature)
        object.member("target", target)
        return object.finish()
    }

    /// The public entry with the commitment `opening` opens.
    public func publicEntry(opening: [UInt8]) -> [UInt8] {
        var object = CanonicalObject(capacity: 256)
        object.member("at", at)
        object.member("commitment", base64: Commitment.commitment(opening: opening, to: committedBytes))
        object.member("log", "exchange")
        object.member("member", subsystem?.member)
        object.member("service", service)
        object.member("status", Int64(status))
        object.member("subsystem", subsystem?.code)
        object.member("v", 1)
        return object.finish()
    }

    /// The line with an opening of its own and its leaf, refused here if its public entry would not fit
    /// an entry bundle (so it fails its own request, not the log).
    func withLeaf(_ opening: [UInt8]) throws -> (MessageLog.Entry, Leaf) {
        var line = self
        line.opening = opening
        return (line, try Leaf(entry: line.publicEntry(opening: opening)))
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
