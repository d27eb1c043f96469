import Foundation

/// Runs `body` for each of `items`, a few at a time: the walks over every route and every sample each
/// build a server of their own per item, and one at a time they were the suite's longest tail. Bounded,
/// so that a run on many routes does not hold hundreds of registers (and database connections) at once.
func fewAtATime<Item: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) async throws -> Void) async throws {
    let width = max(2, min(4, ProcessInfo.processInfo.activeProcessorCount))
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = items.makeIterator()
        for _ in 0..<width {
            guard let item = next.next() else { break }
            group.addTask { try await body(item) }
        }
        while try await group.next() != nil {
            guard let item = next.next() else { continue }
            group.addTask { try await body(item) }
        }
    }
}
