public import DanCuCore
@_spi(Gate) public import DanCuRegister
import DanCuStore

extension Gate {
    static let wholeRecord = ["record"]
    static let searchFields = ["fullName", "birthYear", "sex", "wardCode", "vitalStatus"]

    /// A person's current record and version.
    public func person(_ number: PersonalNumber, for request: AccessRequest) async throws -> VersionedPerson {
        try await storedPerson(number, for: request).decoded()
    }

    /// The same, as stored. The record is decoded only when the officer's jurisdiction is narrower than
    /// the nation and the gate must see where the person belongs.
    public func storedPerson(_ number: PersonalNumber, for request: AccessRequest) async throws -> StoredPerson {
        try await requirePurpose(request, subject: number.rawValue, action: "read", fields: Self.wholeRecord)
        let current: StoredPerson
        do { current = try await register.storedPerson(number) } catch RegisterError.personNotFound {
            try await refuseUnknown(number, for: request, action: "read", fields: Self.wholeRecord)
        }
        let area = request.officer.jurisdiction == .nation ? Area() : Area(of: try current.decoded().person, units: units)
        try await authorize(request, .personalData(area), subject: number.rawValue, action: "read", fields: Self.wholeRecord)
        try await logRead(request, subjects: [number.rawValue], action: "read", fields: Self.wholeRecord)
        return current
    }

    /// What the register said for `validOn`, as known at `recordedBy`. The officer's jurisdiction must
    /// cover the person then or now.
    public func person(_ number: PersonalNumber, validOn: LocalDate, recordedBy: Int64?, for request: AccessRequest) async throws -> Person? {
        try await requirePurpose(request, subject: number.rawValue, action: "read-as-of", fields: Self.wholeRecord)
        let events: [LifeEvent]
        do { events = try await register.history(number) } catch RegisterError.personNotFound {
            try await refuseUnknown(number, for: request, action: "read-as-of", fields: Self.wholeRecord)
        }
        let now = register.clock.nowMicros()
        let then = Projection.asOf(events: events, validOn: validOn, recordedBy: recordedBy ?? now)
        var area =
            Projection.asOf(events: events, validOn: LocalDate(dayNumber: Int.max / 2), recordedBy: now)
            .map { Area(of: $0, units: units) } ?? Area()
        if let then {
            let past = Area(of: then, units: units)
            area = Area(wards: area.wards.union(past.wards), provinces: area.provinces.union(past.provinces))
        }
        try await authorize(request, .personalData(area), subject: number.rawValue, action: "read-as-of", fields: Self.wholeRecord)
        try await logRead(request, subjects: [number.rawValue], action: "read-as-of", fields: Self.wholeRecord)
        return then
    }

    /// A person's life events, oldest first, `limit` after the event numbered `afterSeq`.
    public func history(
        _ number: PersonalNumber, afterSeq: Int, limit: Int,
        for request: AccessRequest
    ) async throws -> (events: [LifeEvent], firstSeq: Int, more: Bool) {
        try await requirePurpose(request, subject: number.rawValue, action: "history", fields: ["history"])
        let current: VersionedPerson
        do { current = try await register.person(number) } catch RegisterError.personNotFound {
            try await refuseUnknown(number, for: request, action: "history", fields: ["history"])
        }
        try await authorize(
            request, .personalData(Area(of: current.person, units: units)), subject: number.rawValue,
            action: "history", fields: ["history"])
        let events = try await register.history(number)
        let start = min(max(afterSeq, 0), events.count)
        let page = Array(events[start..<min(start + limit, events.count)])
        try await logRead(request, subjects: [number.rawValue], action: "history", fields: ["history"])
        return (page, start + 1, start + page.count < events.count)
    }

    /// A household and its members, read for the officer of its address.
    public func household(_ id: String, for request: AccessRequest) async throws -> Household {
        try await requirePurpose(request, subject: nil, action: "household", fields: ["householdMembership"])
        let household = try await register.household(id)
        try await authorize(
            request, .personalData(Area(of: household.address, units: units)),
            subject: household.head.rawValue, action: "household", fields: ["householdMembership"])
        try await logRead(
            request, subjects: household.members.map(\.personalNumber.rawValue), action: "household",
            fields: ["householdMembership"])
        return household
    }

    /// Search by folded name, birth year and ward, narrowed to the officer's jurisdiction: a commune
    /// officer searches their ward only, a province officer their province.
    public func search(_ query: PersonSearch, for request: AccessRequest) async throws -> SearchPage {
        try await requirePurpose(request, subject: nil, action: "search", fields: Self.searchFields)
        var narrowed = query
        let officer = request.officer
        var area = Area()
        if let ward = query.wardCode, let unit = units.ward(ward) {
            area = Area(wards: [unit.code], provinces: [unit.provinceCode])
        }
        switch officer.jurisdiction {
        case .ward(let own):
            if query.wardCode == nil {
                narrowed.wardCode = own
                area = Area(wards: [own], provinces: [])
            }
        case .province(let own):
            if query.wardCode == nil {
                narrowed.provinceCode = own
                area = Area(wards: [], provinces: [own])
            }
        case .nation:
            break
        }
        try await authorize(request, .personalData(area), subject: nil, action: "search", fields: Self.searchFields)
        let page = try await register.search(narrowed)
        try await logRead(request, subjects: page.hits.map(\.personalNumber), action: "search", fields: Self.searchFields)
        return page
    }

    /// Who touched a person's data: for auditors, and itself logged.
    public func accessLog(
        of number: PersonalNumber, after: Int64, limit: Int,
        for request: AccessRequest
    ) async throws -> [AccessLogEntry] {
        try await authorize(request, .accessLog, subject: number.rawValue, action: "read-access-log", fields: ["accessLog"])
        let subject = number.rawValue
        let page = try await logEntries(of: subject, after: after, limit: limit)
        try await logRead(request, subjects: [subject], action: "read-access-log", fields: ["accessLog"])
        return page
    }
}
