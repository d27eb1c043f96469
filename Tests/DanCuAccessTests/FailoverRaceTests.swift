import DanCuStore
import Testing

@testable import DanCuAccess

/// Whoever takes the answer of a raced operation gives it whole.
@Suite struct FailoverRaceTests {
    /// The store has lost its primary, so the fallback is taken after `patience`; the operation then
    /// fails too while the fallback is still running. The fallback's answer is the caller's: the
    /// operation's end does not cut it short (it once cancelled it, and the caller got a
    /// `CancellationError` instead of its spooled entries).
    @Test func aFallbackUnderWayIsNotCutShortByTheOperationsEnd() async throws {
        let lost = try PostgresStore(url: "postgres://dancu:dancu@127.0.0.1:1,127.0.0.1:2/dancu", maximumConnections: 1)
        #expect(lost.primaryLost)
        let race = FailoverRace(store: lost, patience: .milliseconds(50), longest: .seconds(10))
        let answer: String = try await race.run(
            { () async throws -> String in
                try await Task.sleep(for: .milliseconds(200))
                throw StoreError.unavailable("no primary")
            },
            fallback: {
                try await Task.sleep(for: .milliseconds(600))
                return "spooled"
            })
        #expect(answer == "spooled")
        await lost.close()
    }

    @Test func anOperationThatAnswersFirstIsTheAnswer() async throws {
        let lost = try PostgresStore(url: "postgres://dancu:dancu@127.0.0.1:1,127.0.0.1:2/dancu", maximumConnections: 1)
        let race = FailoverRace(store: lost, patience: .milliseconds(500), longest: .seconds(10))
        let answer = try await race.run({ "committed" }, fallback: { "spooled" })
        #expect(answer == "committed")
        await lost.close()
    }
}
