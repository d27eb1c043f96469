/// Folds life events into the person record: the current record, or the record as of a date.
public enum Projection {
    /// Applies one event to the record it follows, checking the rules. The first event of a person is a
    /// registration and takes `nil`.
    public static func apply(_ event: LifeEvent, to current: Person?) throws(RuleViolation) -> Person {
        switch event.change {
        case .birthRegistered(let person), .personRegistered(let person):
            guard current == nil else {
                throw RuleViolation(
                    field: "personalNumber", rule: "alreadyRegistered",
                    detail: "\(event.personalNumber) is already in the register")
            }
            return person
        default:
            break
        }
        guard var p = current else {
            throw RuleViolation(
                field: "personalNumber", rule: "notRegistered",
                detail: "\(event.personalNumber) is not in the register")
        }
        try RegisterRules.checkNotCancelled(p, for: event.change)
        try RegisterRules.checkAlive(p, for: event.change)
        try RegisterRules.checkNotBeforeBirth(event.validFrom, person: p, field: "date")
        switch event.change {
        case .birthRegistered, .personRegistered:
            break
        case .deathRecorded(let date):
            p.vitalStatus = .dead(date)
        case .disappearanceRecorded(let date):
            p.vitalStatus = .missing(date)
        case .reappeared:
            p.vitalStatus = .alive
        case .marriageRegistered(let spouse):
            try RegisterRules.checkMarriage(p, spouse: spouse, on: event.validFrom)
            p.spouse = spouse
            p.maritalStatus = .married
        case .divorceRegistered:
            guard p.maritalStatus == .married else {
                throw RuleViolation(field: "personalNumber", rule: "notMarried", detail: "the person is not married")
            }
            p.spouse = nil
            p.maritalStatus = .divorced
        case .widowed:
            guard p.maritalStatus == .married else {
                throw RuleViolation(field: "personalNumber", rule: "notMarried", detail: "the person is not married")
            }
            p.spouse = nil
            p.maritalStatus = .widowed
        case .permanentResidenceRegistered(let residence):
            p.permanentResidence = residence
            p.currentResidence = residence.place
            if p.temporaryResidence?.place == residence.place { p.temporaryResidence = nil }
        case .temporaryResidenceRegistered(let residence):
            try RegisterRules.checkTemporaryResidence(residence)
            p.temporaryResidence = residence
            p.currentResidence = residence.place
        case .permanentResidenceRemoved(let reason):
            guard let removed = p.permanentResidence else {
                throw RuleViolation(field: "personalNumber", rule: "noPermanentResidence", detail: "the person has no permanent residence")
            }
            guard reason.contains(where: { !$0.isWhitespace }), reason.count <= 500 else {
                throw RuleViolation(field: "reason", rule: "reasonRequired", detail: "say on which ground, in at most 500 characters")
            }
            p.permanentResidence = nil
            if p.currentResidence == removed.place { p.currentResidence = p.temporaryResidence?.place }
        case .temporaryResidenceEnded:
            guard p.temporaryResidence != nil else {
                throw RuleViolation(
                    field: "personalNumber", rule: "noTemporaryResidence",
                    detail: "the person has no temporary residence")
            }
            p.temporaryResidence = nil
            p.currentResidence = p.permanentResidence?.place
        case .currentResidenceDeclared(let place):
            p.currentResidence = place
        case .stayNotified(let stay):
            try RegisterRules.checkStay(stay)
        case .temporaryAbsenceDeclared(let absence):
            try RegisterRules.checkAbsence(absence)
            p.temporaryAbsence = absence
        case .nameChanged(let name):
            if !p.otherNames.contains(p.name.fullName) { p.otherNames.append(p.name.fullName) }
            p.name = name
        case .corrected(let c):
            try RegisterRules.checkCorrection(p, c)
            p.apply(c)
        case .joinedHousehold(let id, let relationship):
            try RegisterRules.checkJoinHousehold(p, householdId: id)
            p.householdId = id
            p.relationshipToHead = relationship
        case .leftHousehold(let id):
            guard p.householdId == id else {
                throw RuleViolation(field: "personalNumber", rule: "notMember", detail: "the person is not in household \(id)")
            }
            p.householdId = nil
            p.relationshipToHead = nil
        case .relationshipToHeadChanged(let relationship):
            guard p.householdId != nil else {
                throw RuleViolation(field: "personalNumber", rule: "notMember", detail: "the person is in no household")
            }
            p.relationshipToHead = relationship
        case .childAdded(let child):
            if let n = child.personalNumber, p.children.contains(where: { $0.personalNumber == n }) { break }
            p.children.append(child)
        case .mergedInto(let survivor):
            try RegisterRules.checkMerge(p, into: survivor)
            p.mergedInto = survivor
        case .duplicateMerged(let duplicate):
            guard duplicate != p.personalNumber else {
                throw RuleViolation(field: "survivor", rule: "mergeIntoSelf", detail: "a record cannot be merged into itself")
            }
            p.mergedNumbers = (p.mergedNumbers ?? []).filter { $0 != duplicate } + [duplicate]
        case .mergeUndone(let other):
            if p.mergedInto == other {
                p.mergedInto = nil
            } else if let numbers = p.mergedNumbers, numbers.contains(other) {
                let rest = numbers.filter { $0 != other }
                p.mergedNumbers = rest.isEmpty ? nil : rest
            } else {
                throw RuleViolation(field: "personalNumber", rule: "notMerged", detail: "the record was not merged with \(other)")
            }
        }
        return p
    }

    /// The record as the register knew it at `recordedBy` (microseconds), for facts valid on `validOn`.
    /// Events are ordered by valid time, then by when they were recorded.
    public static func asOf(events: [LifeEvent], validOn: LocalDate, recordedBy: Int64) -> Person? {
        let relevant =
            events
            .filter { $0.recordedAt <= recordedBy && $0.validFrom <= validOn }
            .sorted { ($0.validFrom, $0.recordedAt) < ($1.validFrom, $1.recordedAt) }
        var person: Person?
        for event in relevant {
            // Facts that the register accepted once are replayed without re-judging them by later rules.
            person = (try? apply(event, to: person)) ?? person
        }
        return person
    }
}

extension Person {
    mutating func apply(_ c: PersonCorrection) {
        if let v = c.name { name = v }
        if let v = c.otherNames { otherNames = v }
        if let v = c.dateOfBirth { dateOfBirth = v }
        if let v = c.sex { sex = v }
        if let v = c.placeOfBirth { placeOfBirth = v }
        if let v = c.birthRegistrationPlace { birthRegistrationPlace = v }
        if let v = c.placeOfOrigin { placeOfOrigin = v }
        if let v = c.ethnicity { ethnicity = v }
        if let v = c.religion { religion = v }
        if let v = c.nationality { nationality = v }
        if let v = c.bloodGroup { bloodGroup = v }
        if let v = c.legacyIdNumber { legacyIdNumber = v }
        if let v = c.father { father = v }
        if let v = c.mother { mother = v }
        if let v = c.phone { phone = v }
        if let v = c.email { email = v }
    }
}
