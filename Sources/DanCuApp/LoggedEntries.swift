import DanCuAccess
import DanCuExchange
public import DanCuStore
public import DanCuTransparency

/// The public entries as the two logs' rows give them again: the access log's entries and, where the
/// exchange gateway runs, the message log's lines, each rebuilt with the opening kept in its row. The
/// log integrates what they sequenced from them; the audit holds them against the entries it stored.
public struct LoggedEntries: SequencedEntries {
    public let withMessageLog: Bool

    public init(withMessageLog: Bool) {
        self.withMessageLog = withMessageLog
    }

    public func entries(_ leaves: Range<Int64>, in db: any SQLConnection) throws -> [Int64: [UInt8]] {
        var rebuilt = try AccessLogEntries().entries(leaves, in: db)
        if withMessageLog {
            for line in try MessageLog.entries(leaves: leaves, in: db) {
                guard let leaf = line.leaf, let opening = line.opening else { continue }
                rebuilt[leaf] = line.publicEntry(opening: opening)
            }
        }
        return rebuilt
    }
}
