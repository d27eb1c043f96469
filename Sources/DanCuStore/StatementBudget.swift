import Synchronization

/// Counts the statements of a one-statement read (`Store.readOne`), so that a second one fails on
/// every backend alike, and lets through only a query: PostgreSQL runs that statement outside any
/// transaction, so nothing but this check keeps a read from changing data there.
final class StatementBudget: Sendable {
    private let left: Mutex<Int>

    init(limit: Int) { left = Mutex(limit) }

    func spend(_ sql: String) throws {
        guard Self.isQuery(sql) else { throw StoreError.backend("a one-statement read may only query (SELECT); use write") }
        try left.withLock { left in
            guard left > 0 else { throw StoreError.backend("a one-statement read issued a second statement; use read") }
            left -= 1
        }
    }

    /// Whether the statement's first word, after any white space and opening parentheses, is SELECT in
    /// any case. Read from the bytes: this runs for every read, and `uppercased()` made a string each time.
    static func isQuery(_ sql: String) -> Bool {
        var bytes = sql.utf8.drop(while: { $0 == 0x20 || (0x09...0x0D).contains($0) || $0 == UInt8(ascii: "(") }).makeIterator()
        for expected in "select".utf8 {
            guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
        }
        return true
    }
}
