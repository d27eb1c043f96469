import Synchronization

/// Runs of one piece of work that callers share: a call returns once a run that began after the call
/// has ended, so whatever the caller committed before calling is covered. Calls that arrive while a
/// run is under way wait together for the next one, which one of them makes; sixteen writers that each
/// relay their own entry make two runs, not sixteen that read and move the same rows.
final class CoalescedRuns: Sendable {
    private struct State: ~Copyable {
        var running = false
        /// Callers waiting for a run that has not begun: true when resumed to make it themselves.
        var waiting: [CheckedContinuation<Bool, any Error>] = []
    }

    private let state = Mutex(State())
    private let work: @Sendable () async throws -> Void

    init(_ work: @escaping @Sendable () async throws -> Void) {
        self.work = work
    }

    func run() async throws {
        let makesTheRun = try await withCheckedThrowingContinuation { (caller: CheckedContinuation<Bool, any Error>) in
            let now = state.withLock { state -> Bool in
                if state.running {
                    state.waiting.append(caller)
                    return false
                }
                state.running = true
                return true
            }
            if now { caller.resume(returning: true) }
        }
        guard makesTheRun else { return }
        // Everyone waiting now called before this run begins: it covers them.
        let covered = state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        var failure: (any Error)?
        do { try await work() } catch { failure = error }
        for waiter in covered {
            if let failure { waiter.resume(throwing: failure) } else { waiter.resume(returning: false) }
        }
        // Those who came during the run need another: the first of them makes it.
        let next = state.withLock { state -> CheckedContinuation<Bool, any Error>? in
            guard !state.waiting.isEmpty else {
                state.running = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: true)
        if let failure { throw failure }
    }
}
