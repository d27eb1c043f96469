import Synchronization

/// The leaves this process's logs committed and the tree has not integrated yet, as the requests that
/// made them worked them out (public entry and leaf hash), so that integration files them without
/// reading their rows back and encoding them again. Only a hint: a leaf it does not hold (another
/// server's, one from before a restart, one that arrived while it was full) is rebuilt from its row, as
/// before. Holds at most `capacity` leaves; past that, new ones are left to their rows. It holds none
/// until an integration first runs (`startHolding`), so a log that nothing integrates here keeps nothing.
///
/// Only the logs of the one tree that the `Checkpoints` taking from it integrate may add to it.
public final class SequencedLeaves: Sendable {
    public let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var leaves: [Int64: Leaf] = [:]
        /// How many leaves the tree held when last told, and when the holder was last swept.
        var integrated: Int64 = 0
        var swept: Int64 = 0
        var holding = false
    }

    public init(capacity: Int = 65_536) {
        self.capacity = capacity
    }

    /// Keeps the runs of leaves one transaction sequenced, each from its first index on, once it
    /// committed: one lock for all.
    public func add(_ runs: [(leaves: [Leaf], first: Int64)]) {
        let count = runs.reduce(0) { $0 + $1.leaves.count }
        guard count > 0 else { return }
        state.withLock { state in
            guard state.holding else { return }
            if state.leaves.count + count > capacity {
                // Leaves another server integrated before this one got to them: rare, so swept only here,
                // and only once the tree has grown since the last sweep (a holder full of leaves still to
                // integrate is not swept on every add).
                if state.swept < state.integrated {
                    let integrated = state.integrated
                    state.leaves = state.leaves.filter { $0.key >= integrated }
                    state.swept = integrated
                }
                guard state.leaves.count + count <= capacity else { return }
            }
            for run in runs {
                for (offset, leaf) in run.leaves.enumerated() { state.leaves[run.first + Int64(offset)] = leaf }
            }
        }
    }

    /// Holds the leaves added from now on: an integration takes from it.
    func startHolding() {
        state.withLock { $0.holding = true }
    }

    /// The leaves held from `range`'s start on, without a gap, up to its end; empty unless it holds the first.
    func run(_ range: Range<Int64>) -> [Leaf] {
        state.withLock { state in
            var run: [Leaf] = []
            var next = range.lowerBound
            while next < range.upperBound, let leaf = state.leaves[next] {
                run.append(leaf)
                next += 1
            }
            return run
        }
    }

    /// Forgets `leaves`, which the tree holds now.
    func integrated(_ leaves: Range<Int64>) {
        state.withLock { state in
            for index in leaves { state.leaves[index] = nil }
            state.integrated = max(state.integrated, leaves.upperBound)
        }
    }

    /// How many leaves it holds now.
    public var count: Int { state.withLock { $0.leaves.count } }
}
