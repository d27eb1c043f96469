import Foundation

/// Counts the statements of a one-statement read (`Store.readOne`), so that a second one fails on
/// every backend alike.
final class StatementBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int

    init(limit: Int) { left = limit }

    func spend() throws {
        try lock.withLock {
            guard left > 0 else { throw StoreError.backend("a one-statement read issued a second statement; use read") }
            left -= 1
        }
    }
}

