import Synchronization
import Testing

@testable import DanCuAccess

/// Callers share runs, and each returns only after a run that began after its call.
@Suite struct CoalescedRunsTests {
    final class Record: Sendable {
        struct State {
            var calls = 0
            /// For each run: how many calls had been made when it began, and whether it ended.
            var runs: [(callsBefore: Int, ended: Bool)] = []
        }
        let state = Mutex(State())
    }

    @Test func everyCallerIsCoveredByARunThatBeganAfterItAndRunsAreShared() async throws {
        let record = Record()
        let runs = CoalescedRuns {
            let index = record.state.withLock { state in
                state.runs.append((state.calls, false))
                return state.runs.count - 1
            }
            try await Task.sleep(for: .milliseconds(20))
            record.state.withLock { $0.runs[index].ended = true }
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    let mine = record.state.withLock { state in
                        state.calls += 1
                        return state.calls
                    }
                    try await runs.run()
                    return record.state.withLock { state in state.runs.contains { $0.callsBefore >= mine && $0.ended } }
                }
            }
            for try await covered in group { #expect(covered) }
        }
        let made = record.state.withLock { $0.runs.count }
        #expect(made >= 1 && made < 32, "\(made) runs for 64 calls")
    }

    struct Broken: Error {}

    @Test func aFailedRunFailsTheCallersItCoveredAndTheNextRunsAnew() async throws {
        let failing = Mutex(true)
        let runs = CoalescedRuns {
            try await Task.sleep(for: .milliseconds(10))
            if failing.withLock({ $0 }) { throw Broken() }
        }
        await #expect(throws: Broken.self) { try await runs.run() }
        failing.withLock { $0 = false }
        try await runs.run()
    }
}
