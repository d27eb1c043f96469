import DanCuCore
import DanCuStore

/// What a register write changed, told to the witness inside the write's own transaction.
public struct RegisterWrite: Sendable {
    /// The people whose life events were appended, in the order they were appended (a repeated
    /// number means several events for that person).
    public let people: [PersonalNumber]
    /// The identifier of what the write created (a personal number, a household id), if it created one.
    public let created: String?
}

/// Something that must be written in the same transaction as every register change: the access-log
/// entries of the change and the request's idempotency record. If the witness throws, the change is
/// rolled back with it.
public protocol RegisterWitness: Sendable {
    func didWrite(_ write: RegisterWrite, in db: any SQLConnection) throws
}

extension Register {
    /// The same register, with every write witnessed by `witness` in its transaction.
    public func witnessed(by witness: any RegisterWitness) -> Register {
        var copy = self
        copy.witness = witness
        return copy
    }

    /// One transaction of a use case that changes people: the work, then its witness.
    func witnessedWrite<T: Sendable>(created: @escaping @Sendable (T) -> String? = { _ in nil },
                                     _ work: @escaping @Sendable (PersonTable) throws -> T) async throws -> T {
        let witness = self.witness
        return try await store.write { db in
            let table = PersonTable(db: db)
            let result = try work(table)
            try witness?.didWrite(RegisterWrite(people: table.written.numbers, created: created(result)), in: db)
            return result
        }
    }
}
