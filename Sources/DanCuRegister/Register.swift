public import DanCuCore
public import DanCuStore
import Foundation

/// The register's use cases. Each runs in one transaction: it appends the life event, updates the
/// current record and writes the outbox entry together, or does nothing.
public struct Register: Sendable {
    public let store: any Store
    /// Where the reads that may lag a little behind the last write go: search, verification,
    /// statistics. A PostgreSQL standby with `--read-database`; `store` otherwise. Never a read that
    /// must see a write just made (a person's record, a check inside a use case).
    public internal(set) var laggingReads: any Store
    public let reference: ReferenceData
    /// The time of every event recorded, and the civil date "today" (Viet Nam's).
    public let clock: CivilClock
    /// Told of every change inside its transaction (see `witnessed(by:)`); nil for the command line's
    /// own maintenance work.
    public internal(set) var witness: (any RegisterWitness)?
    /// Other capabilities acting on every change in its transaction (see `followed(by:)`).
    public internal(set) var followers: [any RegisterFollower] = []

    public init(store: any Store, reference: ReferenceData = .bundled, clock: CivilClock = .system) {
        self.store = store
        self.laggingReads = store
        self.reference = reference
        self.clock = clock
    }

    /// The same register, its lagging reads (`laggingReads`) sent to `standby`.
    public func readingLagging(from standby: any Store) -> Register {
        var copy = self
        copy.laggingReads = standby
        return copy
    }

    public func migrate() async throws {
        try await Migrator.migrate(store, RegisterSchema.migrations)
        try await buildPersonIndexes()
    }

    // MARK: Entering people

    /// Khai sinh: allocates a personal number and enters the newborn. Parents in the register get the
    /// child added to their record in the same transaction.
    @_spi(Gate) public func registerBirth(_ birth: BirthRegistration, officer: String) async throws -> Person {
        let reference = self.reference
        let clock = self.clock
        let prefix = try birth.numberPrefix(reference: reference)
        return try await witnessedWrite(created: { $0.personalNumber.rawValue }) { table in
            let db = table.db
            var rng = SystemRandomNumberGenerator()
            let number = try NumberAllocator.allocate(prefix: prefix, in: db, using: &rng)
            let person = birth.person(number: number).withNFCText
            var allProblems = PersonValidation.validate(person, reference: reference, today: clock.today())
            // The parents as checked here are the records their `childAdded` changes start from: locked
            // first (PostgreSQL), so that no other writer changes them in between, and read once.
            var parents: [PersonalNumber: (person: Person, version: Int)] = [:]
            for (role, parent) in [(ParentRules.Role.father, birth.father), (.mother, birth.mother)] {
                guard let parent, let n = parent.personalNumber else { continue }
                try table.lockForChange(n)
                let loaded = try table.load(n)
                parents[n] = loaded
                // One answer for a number the register lacks and a person who does not fit: nothing of
                // the register is told to the officer.
                let registered = loaded?.person
                guard let registered, ParentRules.matches(parent, registered: registered, as: role, childBorn: birth.dateOfBirth) else {
                    allProblems.append(
                        RuleViolation(
                            field: role.rawValue, rule: "doesNotMatch",
                            detail: "does not match the register: check the \(role.rawValue)'s personal number, name and sex"))
                    continue
                }
            }
            guard allProblems.isEmpty else { throw RegisterError.invalid(allProblems) }
            if birth.multipleBirth != true,
                try table.named(person.name.folded, bornOn: PartialDate(birth.dateOfBirth)).contains(where: {
                    ParentRules.isSameBirth(
                        $0, name: person.name, born: birth.dateOfBirth, mother: birth.mother, father: birth.father,
                        registeredAt: birth.birthRegistrationPlace)
                })
            {
                throw RegisterError.duplicate(
                    RuleViolation(
                        field: "name", rule: "alreadyRegistered",
                        detail: "a birth of this name and date to the same mother is registered already; for twins send multipleBirth: true"))
            }
            let now = clock.nowMicros()
            try table.insert(person, reference: reference)
            try table.append(
                LifeEvent(
                    personalNumber: number, change: .birthRegistered(person), validFrom: birth.dateOfBirth,
                    recordedAt: now, officer: officer), seq: 1)
            let childRef = PersonReference(name: person.name, personalNumber: number)
            for parent in [birth.father, birth.mother].compactMap({ $0?.personalNumber }) {
                try Self.change(
                    parent, .childAdded(childRef), validFrom: birth.dateOfBirth, at: now, officer: officer,
                    reason: nil, expectedVersion: nil, table: table, reference: reference, loaded: parents.removeValue(forKey: parent))
            }
            return person
        }
    }

    /// Enters a person already known to the state (digitisation), keeping their number and old CMND.
    @_spi(Gate) public func registerExisting(_ given: Person, officer: String, validFrom: LocalDate? = nil) async throws -> Person {
        let reference = self.reference
        let clock = self.clock
        let person = given.withNFCText
        let problems = PersonValidation.validate(person, reference: reference, today: clock.today())
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        return try await witnessedWrite(created: { $0.personalNumber.rawValue }) { table in
            guard try table.load(person.personalNumber) == nil else {
                throw RegisterError.invalid([
                    RuleViolation(
                        field: "personalNumber", rule: "alreadyRegistered",
                        detail: "\(person.personalNumber) is already in the register")
                ])
            }
            try table.insert(person, reference: reference)
            try table.append(
                LifeEvent(
                    personalNumber: person.personalNumber, change: .personRegistered(person),
                    validFrom: validFrom ?? person.dateOfBirth.earliest, recordedAt: clock.nowMicros(),
                    officer: officer), seq: 1)
            return person
        }
    }

    // MARK: Life events

    /// Records a change to one person (death, disappearance, marriage, divorce, moves, stay notice,
    /// temporary absence, name change, correction, household membership). With `expectedVersion`, the
    /// record must still be at that version. Effects on other people in the register (the spouse of a
    /// marriage, divorce or death) happen in the same transaction.
    @_spi(Gate) public func record(
        _ change: LifeEventChange, for number: PersonalNumber, validFrom: LocalDate, officer: String,
        reason: String? = nil, expectedVersion: Int? = nil
    ) async throws -> (person: Person, version: Int) {
        let reference = self.reference
        let clock = self.clock
        if case .corrected = change, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw RegisterError.invalid([RuleViolation(field: "reason", rule: "reasonRequired", detail: "a correction needs a reason")])
        }
        return try await witnessedWrite { table in
            let now = clock.nowMicros()
            let result = try Self.change(
                number, change, validFrom: validFrom, at: now, officer: officer, reason: reason,
                expectedVersion: expectedVersion, table: table, reference: reference)
            for (other, effect) in Self.effectsOnOthers(of: change, before: result.before, after: result.person) {
                do {
                    try Self.change(
                        other, effect, validFrom: validFrom, at: now, officer: officer, reason: reason,
                        expectedVersion: nil, table: table, reference: reference)
                } catch RegisterError.personNotFound {
                    continue  // the other person is named but not (yet) in the register
                }
            }
            return (result.person, result.version)
        }
    }

    static func effectsOnOthers(of change: LifeEventChange, before: Person, after: Person) -> [(PersonalNumber, LifeEventChange)] {
        switch change {
        case .marriageRegistered(let spouse):
            guard let n = spouse.personalNumber else { return [] }
            return [
                (
                    n,
                    .marriageRegistered(
                        spouse: PersonReference(
                            name: after.name, personalNumber: after.personalNumber,
                            legacyIdNumber: after.legacyIdNumber, nationality: after.nationality))
                )
            ]
        case .divorceRegistered:
            return before.spouse?.personalNumber.map { [($0, .divorceRegistered)] } ?? []
        case .deathRecorded:
            return before.spouse?.personalNumber.map { [($0, .widowed)] } ?? []
        default:
            return []
        }
    }

    /// `loaded`: the record as this transaction locked and read it already (it is read here otherwise).
    @discardableResult
    static func change(
        _ number: PersonalNumber, _ change: LifeEventChange, validFrom: LocalDate, at now: Int64, officer: String,
        reason: String?, expectedVersion: Int?, table: PersonTable, reference: ReferenceData,
        loaded: (person: Person, version: Int)? = nil
    ) throws -> (before: Person, person: Person, version: Int) {
        let current: (person: Person, version: Int)?
        if let loaded {
            current = loaded
        } else {
            try table.lockForChange(number)
            current = try table.load(number)
        }
        guard let (person, version) = current else { throw RegisterError.personNotFound(number) }
        if let expectedVersion, expectedVersion != version {
            throw RegisterError.versionConflict(expected: expectedVersion, actual: version)
        }
        let event = LifeEvent(
            personalNumber: number, change: change.withNFCText, validFrom: validFrom, recordedAt: now,
            officer: officer, reason: reason?.nfc)
        let updated: Person
        do { updated = try Projection.apply(event, to: person) } catch { throw RegisterError.invalid([error]) }
        let problems = Self.placeProblems(of: change, reference: reference)
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        try table.update(updated, from: person, version: version + 1, reference: reference)
        try table.append(event, seq: version + 1)
        return (person, updated, version + 1)
    }

    static func placeProblems(of change: LifeEventChange, reference: ReferenceData) -> [RuleViolation] {
        let place: Place?
        switch change {
        case .permanentResidenceRegistered(let r), .temporaryResidenceRegistered(let r): place = r.place
        case .currentResidenceDeclared(let p): place = p
        case .stayNotified(let s): place = s.place
        case .corrected(let c):
            return PersonValidation.validate(placesOf: c, reference: reference)
        default: place = nil
        }
        return place.flatMap { PersonValidation.check($0, field: "place", reference: reference) }.map { [$0] } ?? []
    }

    /// Today's date in Viet Nam, by the register's clock.
    public func today() -> LocalDate { clock.today() }
}
