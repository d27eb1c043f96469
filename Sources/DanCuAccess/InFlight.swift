import Synchronization

/// The operations of a kind under way and when each began, for a caller that must know which of their
/// effects may still come.
final class InFlight: Sendable {
    private struct State {
        var next = 0
        var began: [Int: Int64] = [:]
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.began.count } }

    /// When the oldest operation still under way began; nil when none is.
    var oldestBeginning: Int64? { state.withLock { $0.began.values.min() } }

    /// Counts an operation from `moment` until `end` is called with the ticket this returns.
    func begin(at moment: Int64) -> Int {
        state.withLock { state in
            defer { state.next += 1 }
            state.began[state.next] = moment
            return state.next
        }
    }

    func end(_ ticket: Int) {
        _ = state.withLock { $0.began.removeValue(forKey: ticket) }
    }
}
