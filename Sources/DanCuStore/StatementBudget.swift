import Foundation

/// Counts the statements of a one-statement read (`Store.readOne`), so that a second one fails on
/// every backend alike, and lets through only a query: PostgreSQL runs that statement outside any
/// transaction, so nothing but this check keeps a read from changing data there.
final class StatementBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int

    init(limit: Int) { left = limit }

    func spend(_ sql: String) throws {
        let verb = sql.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(6).uppercased()
        guard verb == "SELECT" else { throw StoreError.backend("a one-statement read may only query (SELECT); use write") }
        try lock.withLock {
            guard left > 0 else { throw StoreError.backend("a one-statement read issued a second statement; use read") }
            left -= 1
        }
    }
}

