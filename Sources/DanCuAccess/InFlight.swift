import Synchronization

/// How many operations of a kind are under way, for a caller that must wait until none is.
final class InFlight: Sendable {
    private let running = Mutex(0)

    var count: Int { running.withLock { $0 } }

    func counting<T>(_ operation: () async throws -> T) async rethrows -> T {
        running.withLock { $0 += 1 }
        defer { running.withLock { $0 -= 1 } }
        return try await operation()
    }
}
