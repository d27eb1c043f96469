public import DanCuStore

/// Where the public entries of sequenced leaves come from when the log integrates them: the rows of
/// the logs they stand for (the access log's entries, the message log's lines), each rebuilt with the
/// opening kept in its row.
public protocol SequencedEntries: Sendable {
    /// The public entries of the leaves in `leaves` that rows hold, by leaf.
    func entries(_ leaves: Range<Int64>, in db: any SQLConnection) throws -> [Int64: [UInt8]]
}
