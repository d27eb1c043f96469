import DanCuStore
import Synchronization

/// An operation on a store that may be failing over, raced against giving up on it. Whichever comes
/// first answers the caller: the operation (done, or failed for a reason of its own), or `fallback`,
/// taken when the store has lost its primary and the operation has waited `patience`, when it has
/// waited `longest` whatever the store says (a hung primary looks alive until its probe gives up on
/// it), or when the operation failed because no primary could be reached. A given-up operation goes
/// on in the background; its outcome is dropped.
struct FailoverRace: Sendable {
    let store: any Store
    var patience = Duration.milliseconds(300)
    var longest = Duration.milliseconds(1_500)

    func run<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T, fallback: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let answer = Answer()
        let (store, patience, longest) = (store, patience, longest)
        return try await withCheckedThrowingContinuation { (caller: CheckedContinuation<T, any Error>) in
            @Sendable func fallBack() async {
                do { caller.resume(returning: try await fallback()) } catch { caller.resume(throwing: error) }
            }
            let watch = Task {
                let clock = ContinuousClock()
                let began = clock.now
                do { try await Task.sleep(for: patience) } catch { return }
                while !answer.isGiven {
                    if store.primaryLost || clock.now - began >= longest {
                        if answer.take() { await fallBack() }
                        return
                    }
                    do { try await Task.sleep(for: .milliseconds(100)) } catch { return }
                }
            }
            // The watch is cancelled only by the operation that answers: once the watch has taken the
            // answer, its fallback runs to the end whatever the operation does after.
            Task {
                do {
                    let value = try await operation()
                    if answer.take() {
                        watch.cancel()
                        caller.resume(returning: value)
                    }
                } catch StoreError.unavailable {
                    if answer.take() {
                        watch.cancel()
                        await fallBack()
                    }
                } catch {
                    if answer.take() {
                        watch.cancel()
                        caller.resume(throwing: error)
                    }
                }
            }
        }
    }

    /// Who answers the caller: the first to take it.
    final class Answer: Sendable {
        private let given = Mutex(false)

        var isGiven: Bool { given.withLock { $0 } }

        func take() -> Bool {
            given.withLock { given in
                defer { given = true }
                return !given
            }
        }
    }
}
