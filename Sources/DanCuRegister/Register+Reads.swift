public import DanCuCore
public import DanCuStore

/// A person's current record with its version (for `If-Match`).
public struct VersionedPerson: Sendable {
    public let person: Person
    public let version: Int

    public init(person: Person, version: Int) {
        self.person = person
        self.version = version
    }
}

/// Search by name (each word the start of a name part, in order), optionally birth year and ward.
public struct PersonSearch: Sendable {
    public var name: String
    public var birthYear: Int?
    public var wardCode: String?
    /// Narrows to people living in a province (current code); for officers of one province.
    public var provinceCode: String?
    public var limit: Int
    /// Where the previous page ended.
    public var after: SearchPosition?

    public init(name: String, birthYear: Int? = nil, wardCode: String? = nil, limit: Int = 20, after: SearchPosition? = nil) {
        self.name = name
        self.birthYear = birthYear
        self.wardCode = wardCode
        self.limit = limit
        self.after = after
    }
}

/// A place in a search's results: its tier (1, the names that begin with the words as typed; 2, the
/// other matches) and, within it, the last folded name and number given (none at the start of tier 2).
public struct SearchPosition: Sendable, Equatable {
    public var tier: Int
    public var nameKey: String
    public var personalNumber: String

    public init(tier: Int, nameKey: String, personalNumber: String) {
        self.tier = tier
        self.nameKey = nameKey
        self.personalNumber = personalNumber
    }

    /// The start of the other matches, after the names that begin with the words as typed.
    public static let otherMatches = SearchPosition(tier: 2, nameKey: "", personalNumber: "")
}

/// A page of a search, and where the next one starts if there may be one. A page can be shorter
/// than asked and still have a next one: the first tier ended and the second follows.
public struct SearchPage: Sendable {
    public var hits: [SearchHit]
    public var next: SearchPosition?
}

public struct SearchHit: Hashable, Sendable, Codable {
    public let personalNumber: String
    public let fullName: String
    public let birthYear: Int
    public let sex: String
    public let wardCode: String?
    public let vitalStatus: String
    public let nameKey: String
}

/// A person's current record as the register stores it: JSON in `PersonCodec`'s canonical form, decoded
/// only when someone needs the values.
public struct StoredPerson: Sendable {
    public let personalNumber: PersonalNumber
    public let json: String
    public let version: Int

    public func decoded() throws -> VersionedPerson {
        VersionedPerson(person: try PersonCodec.decodePerson(json), version: version)
    }
}

extension Register {
    /// The current record without decoding it: for answers that pass it on as it is.
    @_spi(Gate) public func storedPerson(_ number: PersonalNumber) async throws -> StoredPerson {
        try await store.readOne { db in
            guard let (json, v) = try PersonTable(db: db).loadRecord(number) else { throw RegisterError.personNotFound(number) }
            return StoredPerson(personalNumber: number, json: json, version: v)
        }
    }

    /// The current record; with `mayLag`, from the store of lagging reads (a verification).
    @_spi(Gate) public func person(_ number: PersonalNumber, mayLag: Bool = false) async throws -> VersionedPerson {
        try await (mayLag ? laggingReads : store).readOne { db in
            guard let (p, v) = try PersonTable(db: db).load(number) else { throw RegisterError.personNotFound(number) }
            return VersionedPerson(person: p, version: v)
        }
    }

    /// The current records of many people in one read, by personal number; numbers the register lacks
    /// are absent. For work over many people at once (a member's batch verification).
    @_spi(Gate) public func persons(_ numbers: [PersonalNumber]) async throws -> [String: VersionedPerson] {
        let stored = try await store.read { db in try PersonTable(db: db).loadRecords(numbers.map(\.rawValue)) }
        return try stored.mapValues { VersionedPerson(person: try PersonCodec.decodePerson($0.record), version: $0.version) }
    }

    /// What the register said about the person for `validOn`, as it knew it at `recordedBy` (microseconds;
    /// now when nil). Nil when the person was not yet in the register then.
    @_spi(Gate) public func person(_ number: PersonalNumber, validOn: LocalDate, recordedBy: Int64? = nil) async throws -> Person? {
        let events = try await history(number)
        return Projection.asOf(events: events, validOn: validOn, recordedBy: recordedBy ?? clock.nowMicros())
    }

    @_spi(Gate) public func history(_ number: PersonalNumber) async throws -> [LifeEvent] {
        try await store.readOne { db in
            let events = try PersonTable(db: db).events(of: number)
            guard !events.isEmpty else { throw RegisterError.personNotFound(number) }
            return events
        }
    }

    /// Count of people in the register.
    public func count() async throws -> Int {
        try await store.read { db in Int(try db.queryOne("SELECT COUNT(*) AS n FROM persons")?.int("n") ?? 0) }
    }
}

extension Register {
    /// A person's current record inside a transaction another capability runs, so that what it checks
    /// in the register and what it writes commit together (the card office checks that the applicant is
    /// alive in the same transaction that takes the application).
    @_spi(Gate) public static func current(_ number: PersonalNumber, in db: any SQLConnection) throws -> VersionedPerson? {
        try PersonTable(db: db).load(number).map { VersionedPerson(person: $0.0, version: $0.1) }
    }
}
