public import DanCuStore
import Prometheus

/// The store, counted: each transaction's kind, outcome and time, and how many are in flight (which,
/// beside the pool size, shows a pool running dry).
struct InstrumentedStore: Store {
    let base: any Store
    let metrics: WebMetrics

    var dialect: SQLDialect { base.dialect }
    var location: String { base.location }
    var poolSize: Int { base.poolSize }
    var primaryLost: Bool { base.primaryLost }

    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await measure("write") { try await base.write(work) }
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await measure("read") { try await base.read(work) }
    }

    func readOne<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await measure("read_one") { try await base.readOne(work) }
    }

    func groupWrite<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await measure("group_write") { try await base.groupWrite(work) }
    }

    func close() async { await base.close() }

    private func measure<T>(_ kind: String, _ body: () async throws -> T) async throws -> T {
        let gauge = metrics.storeInFlight
        gauge.increment(by: 1)
        let start = ContinuousClock.now
        defer { gauge.decrement(by: 1) }
        do {
            let result = try await body()
            metrics.recordStore(kind: kind, ok: true, duration: ContinuousClock.now - start)
            return result
        } catch {
            metrics.recordStore(kind: kind, ok: false, duration: ContinuousClock.now - start)
            throw error
        }
    }
}

extension WebMetrics {
    /// `store`, counted for `/metrics`.
    public func instrument(_ store: any Store) -> any Store {
        InstrumentedStore(base: store, metrics: self)
    }
}
