public import DanCuCore
@_spi(Gate) public import DanCuRegister
import DanCuStore

extension Gate {
    // MARK: Entering people

    /// Khai sinh, by an officer whose jurisdiction covers the place where the birth is registered.
    public func registerBirth(
        _ birth: BirthRegistration, idempotency: Idempotency?,
        for request: AccessRequest, alongside: (any RegisterFollower)? = nil
    ) async throws -> Created<VersionedPerson> {
        try await authorize(
            request, .personalData(Area(of: birth.birthRegistrationPlace, units: units)), subject: nil,
            action: "register-birth", fields: Self.wholeRecord)
        return try await creating(idempotency, for: request, replay: { try await self.person(PersonalNumber($0), for: request) }) {
            let person = try await writer(request, action: "register-birth", fields: Self.wholeRecord, idempotency: idempotency, alongside: alongside)
                .registerBirth(birth, officer: request.officer.username)
            try await relay.run()
            return VersionedPerson(person: person, version: 1)
        }
    }

    /// Digitisation of a person already known to the state, where they live or were registered.
    public func registerExisting(
        _ person: Person, idempotency: Idempotency?,
        for request: AccessRequest
    ) async throws -> Created<VersionedPerson> {
        try await authorize(
            request, .personalData(Area(of: person, units: units)), subject: person.personalNumber.rawValue,
            action: "register-person", fields: Self.wholeRecord)
        return try await creating(idempotency, for: request, replay: { try await self.person(PersonalNumber($0), for: request) }) {
            let entered = try await writer(request, action: "register-person", fields: Self.wholeRecord, idempotency: idempotency)
                .registerExisting(person, officer: request.officer.username)
            try await relay.run()
            return VersionedPerson(person: entered, version: 1)
        }
    }

    // MARK: Life events

    /// Records a change. Residence, stays and declared current residence are registered by the officer
    /// of the place (the person may be moving in from anywhere, and must then be at the counter: see
    /// `CounterPresence`); every other change by an officer whose jurisdiction covers the person. The
    /// answer holds the record only when the caller could read it before the change.
    public func record(
        _ change: LifeEventChange, for number: PersonalNumber, validFrom: LocalDate, reason: String?,
        expectedVersion: Int?, presence: CounterPresence? = nil, request: AccessRequest, alongside: (any RegisterFollower)? = nil
    ) async throws -> RecordedChange {
        let action = "record-" + change.kind
        let changed = Self.fields(changedBy: change)
        try await requirePurpose(request, subject: number.rawValue, action: action, fields: changed)
        let subject = try await self.subject(number, for: request)
        if let destination = Self.destination(of: change) {
            try await authorize(
                request, .personalData(Area(of: destination, units: units)), subject: number.rawValue,
                action: action, fields: changed)
            try await requirePresence(presence, of: subject, for: request, action: action, fields: changed, host: Self.host(of: change))
        } else {
            guard let current = subject.current else {
                try await refuseUnknown(number, for: request, action: action, fields: changed)
            }
            try await authorize(
                request, .personalData(Area(of: current.person, units: units)), subject: number.rawValue,
                action: action, fields: changed)
        }
        if subject.readable, expectedVersion == nil {
            throw AccessError.preconditionRequired("send If-Match with the record's version (its ETag), so a change made meanwhile is not overlooked")
        }
        // The answer's record is named in the entry: every field that leaves is logged.
        let fields = subject.readable ? changed + Self.wholeRecord : changed
        let (person, version) = try await writer(request, action: action, fields: fields, alongside: alongside)
            .record(
                change, for: number, validFrom: validFrom, officer: request.officer.username, reason: reason,
                expectedVersion: expectedVersion)
        try await relay.run()
        return RecordedChange(personalNumber: number, version: version, kind: change.kind, person: subject.readable ? person : nil)
    }

    /// The host who notifies a stay: an online notice by the host stands for the guest's presence.
    static func host(of change: LifeEventChange) -> String? {
        if case .stayNotified(let stay) = change { stay.host } else { nil }
    }

    /// Đăng ký thường trú: a permanent residence at `residence`, registered by the officer of the place,
    /// and, when `household` is given, the person joins that household there in the same transaction
    /// (a child registered into the parents' household).
    public func registerPermanentResidence(
        _ number: PersonalNumber, residence: Residence, household: (id: String, relationship: RelationshipToHead)?,
        expectedVersion: Int?, presence: CounterPresence? = nil, request: AccessRequest, alongside: (any RegisterFollower)? = nil
    ) async throws -> RecordedChange {
        let action = "record-permanentResidenceRegistered"
        let changed = household == nil ? ["permanentResidence"] : ["permanentResidence", "householdMembership"]
        try await requirePurpose(request, subject: number.rawValue, action: action, fields: changed)
        let subject = try await self.subject(number, for: request)
        try await authorize(
            request, .personalData(Area(of: residence.place, units: units)), subject: number.rawValue, action: action, fields: changed)
        if let household {
            let address = try await register.household(household.id).address
            try await authorize(request, .personalData(Area(of: address, units: units)), subject: number.rawValue, action: action, fields: changed)
        }
        try await requirePresence(presence, of: subject, for: request, action: action, fields: changed)
        if subject.readable, expectedVersion == nil {
            throw AccessError.preconditionRequired("send If-Match with the record's version (its ETag), so a change made meanwhile is not overlooked")
        }
        let fields = subject.readable ? changed + Self.wholeRecord : changed
        let (person, version) = try await writer(request, action: action, fields: fields, alongside: alongside)
            .registerPermanentResidence(
                number, residence: residence, household: household, officer: request.officer.username, expectedVersion: expectedVersion)
        try await relay.run()
        return RecordedChange(
            personalNumber: number, version: version, kind: "permanentResidenceRegistered", person: subject.readable ? person : nil)
    }

    static func destination(of change: LifeEventChange) -> Place? {
        switch change {
        case .permanentResidenceRegistered(let r), .temporaryResidenceRegistered(let r): r.place
        case .currentResidenceDeclared(let place): place
        case .stayNotified(let stay): stay.place
        default: nil
        }
    }

    static func fields(changedBy change: LifeEventChange) -> [String] {
        switch change {
        case .deathRecorded, .disappearanceRecorded, .reappeared: ["vitalStatus"]
        case .marriageRegistered, .divorceRegistered, .widowed: ["spouse", "maritalStatus"]
        case .permanentResidenceRegistered, .permanentResidenceRemoved: ["permanentResidence"]
        case .temporaryResidenceRegistered, .temporaryResidenceEnded: ["temporaryResidence"]
        case .currentResidenceDeclared: ["currentResidence"]
        case .stayNotified: ["stayNotices"]
        case .temporaryAbsenceDeclared: ["temporaryAbsence"]
        case .nameChanged: ["name"]
        case .corrected: ["record"]
        case .joinedHousehold, .leftHousehold, .relationshipToHeadChanged: ["householdMembership"]
        case .childAdded: ["children"]
        case .birthRegistered, .personRegistered: ["record"]
        case .mergedInto, .duplicateMerged, .mergeUndone: mergeFieldNames
        }
    }

    // MARK: Households

    /// A household at an address of the officer's area. A head who lives elsewhere must be at the counter.
    public func createHousehold(
        head: PersonalNumber, address: Place, validFrom: LocalDate, idempotency: Idempotency?,
        presence: CounterPresence? = nil, for request: AccessRequest
    ) async throws -> Created<Household> {
        try await requirePurpose(request, subject: head.rawValue, action: "create-household", fields: ["householdMembership"])
        try await authorize(
            request, .personalData(Area(of: address, units: units)), subject: head.rawValue,
            action: "create-household", fields: ["householdMembership"])
        try await requirePresence(
            presence, of: try await subject(head, for: request), for: request, action: "create-household",
            fields: ["householdMembership"])
        return try await creating(idempotency, for: request, replay: { try await self.household($0, for: request) }) {
            let household = try await writer(request, action: "create-household", fields: ["householdMembership"], idempotency: idempotency)
                .createHousehold(head: head, address: address, validFrom: validFrom, officer: request.officer.username)
            try await relay.run()
            return household
        }
    }

    /// A new member of a household of the officer's area. A member who lives elsewhere must be at the counter.
    public func addMember(
        _ number: PersonalNumber, to id: String, relationship: RelationshipToHead, validFrom: LocalDate,
        presence: CounterPresence? = nil, for request: AccessRequest
    ) async throws -> Household {
        try await authorizeHousehold(id, subject: number, action: "add-household-member", request: request)
        try await requirePresence(
            presence, of: try await subject(number, for: request), for: request, action: "add-household-member",
            fields: ["householdMembership"])
        let household = try await writer(request, action: "add-household-member", fields: ["householdMembership"])
            .addMember(number, to: id, relationship: relationship, validFrom: validFrom, officer: request.officer.username)
        try await relay.run()
        return household
    }

    public func removeMember(
        _ number: PersonalNumber, from id: String, validFrom: LocalDate,
        for request: AccessRequest
    ) async throws -> Household? {
        try await authorizeHousehold(id, subject: number, action: "remove-household-member", request: request)
        let household = try await writer(request, action: "remove-household-member", fields: ["householdMembership"])
            .removeMember(number, from: id, validFrom: validFrom, officer: request.officer.username)
        try await relay.run()
        return household
    }

    public func changeHead(
        of id: String, to newHead: PersonalNumber, formerHeadRelationship: RelationshipToHead,
        validFrom: LocalDate, for request: AccessRequest
    ) async throws -> Household {
        try await authorizeHousehold(id, subject: newHead, action: "change-household-head", request: request)
        let household = try await writer(request, action: "change-household-head", fields: ["householdMembership"])
            .changeHead(
                of: id, to: newHead, formerHeadRelationship: formerHeadRelationship, validFrom: validFrom,
                officer: request.officer.username)
        try await relay.run()
        return household
    }

    /// Household changes belong to the officer of the household's address.
    func authorizeHousehold(_ id: String, subject: PersonalNumber, action: String, request: AccessRequest) async throws {
        try await requirePurpose(request, subject: subject.rawValue, action: action, fields: ["householdMembership"])
        let household = try await register.household(id)
        try await authorize(
            request, .personalData(Area(of: household.address, units: units)), subject: subject.rawValue,
            action: action, fields: ["householdMembership"])
    }

    // MARK: Idempotency

    /// Runs a creating write once per `Idempotency-Key`: a repeat of the same request answers with what
    /// the first created (read again, through the gate); the same key with another request is refused.
    public func creating<T: Sendable>(
        _ idempotency: Idempotency?, for request: AccessRequest,
        replay: @escaping @Sendable (String) async throws -> T,
        _ write: @Sendable () async throws -> T
    ) async throws -> Created<T> {
        guard let idempotency else { return Created(value: try await write(), replayed: false) }
        if let earlier = try await earlierResult(idempotency, actor: request.officer.username) {
            return Created(value: try await replay(earlier), replayed: true)
        }
        do {
            return Created(value: try await write(), replayed: false)
        } catch let error where error is StoreError || error is RegisterError {
            // Two requests with the same key raced and the other one committed first: this one broke the
            // key's row, or met the other's result as a duplicate.
            guard let earlier = try await earlierResult(idempotency, actor: request.officer.username) else { throw error }
            return Created(value: try await replay(earlier), replayed: true)
        }
    }

    func earlierResult(_ idempotency: Idempotency, actor: String) async throws -> String? {
        let row = try await store.readOne { db in
            try db.queryOne(
                "SELECT fingerprint, created FROM idempotency_keys WHERE actor = ? AND idempotency_key = ?",
                [.text(actor), .text(idempotency.key)])
        }
        guard let row else { return nil }
        guard try row.string("fingerprint") == idempotency.fingerprint else {
            throw AccessError.invalid(field: "Idempotency-Key", detail: "this key was used for a different request")
        }
        return try row.string("created")
    }
}
