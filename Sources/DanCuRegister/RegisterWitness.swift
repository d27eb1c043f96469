public import DanCuCore
public import DanCuStore

/// What a register write changed, told to the witness inside the write's own transaction.
public struct RegisterWrite: Sendable {
    /// The people whose life events were appended, in the order they were appended (a repeated
    /// number means several events for that person).
    public let people: [PersonalNumber]
    /// The identifier of what the write created (a personal number, a household id), if it created one.
    public let created: String?
    /// The life events appended, in order.
    public let events: [LifeEvent]

    public init(people: [PersonalNumber], created: String?, events: [LifeEvent] = []) {
        self.people = people
        self.created = created
        self.events = events
    }
}

/// Another capability that must act on register changes in their own transaction: the card module
/// revokes a dead person's card. Unlike the witness, which belongs to one request, followers belong to
/// the register and see every change. If a follower throws, the change is rolled back with it.
public protocol RegisterFollower: Sendable {
    func follow(_ write: RegisterWrite, in db: any SQLConnection) throws
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

    /// The same register, with `follower` acting on every change in the change's transaction.
    public func followed(by follower: any RegisterFollower) -> Register {
        var copy = self
        copy.followers.append(follower)
        return copy
    }

    /// One transaction of a use case that changes people: the work, its followers, then its witness.
    func witnessedWrite<T: Sendable>(
        created: @escaping @Sendable (T) -> String? = { _ in nil },
        _ work: @escaping @Sendable (PersonTable) throws -> T
    ) async throws -> T {
        let witness = self.witness
        let followers = self.followers
        // Changes of one person at once are ordered by the lock on the person's row (see
        // `PersonTable.lockForChange`). Two changes that each lock two people in opposite order (two
        // marriages crossing) meet in a deadlock; PostgreSQL rolls one back, and it is done again.
        for attempt in 1...Self.collisionAttempts {
            do {
                return try await store.write { db in
                    let table = PersonTable(db: db)
                    let result = try work(table)
                    let write = RegisterWrite(people: table.written.numbers, created: created(result), events: table.written.events)
                    for follower in followers { try follower.follow(write, in: db) }
                    try witness?.didWrite(write, in: db)
                    return result
                }
            } catch StoreError.collided where attempt < Self.collisionAttempts {
                continue
            }
        }
        throw StoreError.backend("the register write could not be made")
    }

    static let collisionAttempts = 5
}
