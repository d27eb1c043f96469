import Synchronization

/// The leaves this process's logs committed and the tree has not integrated yet, as the requests that
/// made them worked them out (public entry and leaf hash), so that integration files them without
/// reading their rows back and encoding them again. Only a hint: a leaf it does not hold (another
/// server's, one from before a restart, one that arrived while it was full) is rebuilt from its row, as
/// before. Holds at most `capacity` leaves; past that, new ones are left to their rows. It holds none
/// until an integration first runs (`startHolding`), so a log that nothing integrates here keeps nothing.
///
/// Leaf `i` sits in slot `i % capacity` of a ring: every read of the log adds one leaf and every
/// integration takes a run of them, and a dictionary keyed by index hashed, grew and shrank on each
/// (`docs/benchmarks.md`, issue 16). A slot is free when empty or when its leaf is one the tree already
/// holds (another server integrated it first).
///
/// Only the logs of the one tree that the `Checkpoints` taking from it integrate may add to it.
public final class SequencedLeaves: Sendable {
    public let capacity: Int
    private let state = Mutex(State())

    private struct State {
        /// The ring, allocated when holding starts; `indices[s]` is the leaf in `slots[s]`, -1 for none.
        var slots: [Leaf?] = []
        var indices: [Int64] = []
        var held = 0
        /// How many leaves the tree held when last told.
        var integrated: Int64 = 0

        var holding: Bool { !slots.isEmpty }

        func isFree(_ slot: Int) -> Bool { indices[slot] < integrated }

        mutating func clear(_ slot: Int) {
            guard indices[slot] >= 0 else { return }
            slots[slot] = nil
            indices[slot] = -1
            held -= 1
        }
    }

    public init(capacity: Int = 65_536) {
        self.capacity = max(1, capacity)
    }

    private func slot(_ index: Int64) -> Int { Int(index % Int64(capacity)) }

    /// Keeps the runs of leaves one transaction sequenced, each from its first index on, once it
    /// committed: one lock for all. Runs that do not all fit are left to their rows.
    public func add(_ runs: [(leaves: [Leaf], first: Int64)]) {
        let count = runs.reduce(0) { $0 + $1.leaves.count }
        guard count > 0, count <= capacity else { return }
        state.withLock { state in
            guard state.holding else { return }
            for run in runs {
                for offset in run.leaves.indices where !state.isFree(slot(run.first + Int64(offset))) { return }
            }
            for run in runs {
                for (offset, leaf) in run.leaves.enumerated() {
                    let index = run.first + Int64(offset)
                    let s = slot(index)
                    state.clear(s)
                    state.slots[s] = leaf
                    state.indices[s] = index
                    state.held += 1
                }
            }
        }
    }

    /// Holds the leaves added from now on: an integration takes from it.
    func startHolding() {
        state.withLock { state in
            guard !state.holding else { return }
            state.slots = Array(repeating: nil, count: capacity)
            state.indices = Array(repeating: -1, count: capacity)
        }
    }

    /// The leaves held from `range`'s start on, without a gap, up to its end; empty unless it holds the first.
    func run(_ range: Range<Int64>) -> [Leaf] {
        state.withLock { state in
            guard state.holding else { return [] }
            var run: [Leaf] = []
            var next = range.lowerBound
            while next < range.upperBound {
                let s = slot(next)
                guard state.indices[s] == next, let leaf = state.slots[s] else { break }
                run.append(leaf)
                next += 1
            }
            return run
        }
    }

    /// Forgets `leaves`, which the tree holds now.
    func integrated(_ leaves: Range<Int64>) {
        state.withLock { state in
            state.integrated = max(state.integrated, leaves.upperBound)
            guard state.holding else { return }
            if leaves.count >= capacity {
                for s in 0..<capacity where leaves.contains(state.indices[s]) { state.clear(s) }
            } else {
                for index in leaves where state.indices[slot(index)] == index { state.clear(slot(index)) }
            }
        }
    }

    /// How many leaves it holds now.
    public var count: Int { state.withLock { $0.held } }
}
