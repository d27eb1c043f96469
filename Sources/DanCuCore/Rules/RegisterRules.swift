/// The register's plausibility and legal rules as pure functions. Thresholds that law or practice may
/// change are parameters with the current values as defaults.
public enum RegisterRules {
    /// A parent is at least this many years older than their child (biological plausibility).
    public static let minimumParentAgeGap = 12
    /// ... and at most this many.
    public static let maximumParentAgeGap = 70
    /// Marriage and Family Law 2014 Art. 8: men from 20, women from 18.
    public static func minimumMarriageAge(_ sex: Sex) -> Int { sex == .male ? 20 : 18 }
    /// Residence Law 2020 Art. 27: temporary residence is registered for at most two years at a time.
    public static let maximumTemporaryResidenceYears = 2
    /// A stay notice covers less than 30 days; longer stays need temporary residence.
    public static let maximumStayDays = 29

    /// The child is younger than the parent by a plausible margin, reading partial dates conservatively.
    public static func checkParentAge(childBorn: PartialDate, parentBorn: PartialDate, field: String) throws(RuleViolation) {
        let gapAtMost = childBorn.latest.year - parentBorn.earliest.year
        let gapAtLeast = childBorn.earliest.year - parentBorn.latest.year
        guard gapAtMost >= minimumParentAgeGap else {
            throw RuleViolation(
                field: field, rule: "parentAge",
                detail: "a parent must be at least \(minimumParentAgeGap) years older than the child")
        }
        guard gapAtLeast <= maximumParentAgeGap else {
            throw RuleViolation(
                field: field, rule: "parentAge",
                detail: "a parent cannot be more than \(maximumParentAgeGap) years older than the child")
        }
    }

    /// A person that died or disappeared has no further life events except corrections, a child born
    /// afterwards, a death record for the missing, or reappearance.
    public static func checkAlive(_ person: Person, for change: LifeEventChange) throws(RuleViolation) {
        switch (person.vitalStatus, change) {
        // A child can be born after a parent died or disappeared: the parent's record still gains the child.
        // A dead person's permanent residence is removed after the death (Luật Cư trú, Art. 24).
        case (.alive, _), (_, .corrected), (_, .childAdded), (_, .mergedInto), (_, .duplicateMerged), (_, .mergeUndone), (.missing, .deathRecorded),
            (.missing, .reappeared), (.dead, .permanentResidenceRemoved):
            return
        case (.dead, _):
            throw RuleViolation(
                field: "personalNumber", rule: "personIsDead",
                detail: "\(person.personalNumber) is recorded as dead; only corrections are possible")
        case (.missing, _):
            throw RuleViolation(
                field: "personalNumber", rule: "personIsMissing",
                detail: "\(person.personalNumber) is recorded as missing")
        }
    }

    /// A cancelled number (a duplicate merged into another record) takes no event but the undoing of
    /// its merge: the person's life goes on in the survivor's record.
    public static func checkNotCancelled(_ person: Person, for change: LifeEventChange) throws(RuleViolation) {
        guard let survivor = person.mergedInto else { return }
        if case .mergeUndone = change { return }
        throw RuleViolation(
            field: "personalNumber", rule: "numberCancelled",
            detail: "\(person.personalNumber) was merged into \(survivor) as a duplicate; record the change there")
    }

    /// One step only: a record that holds the numbers of duplicates merged into it is kept as a
    /// survivor, so that every cancelled number resolves in one step.
    public static func checkMerge(_ duplicate: Person, into survivor: PersonalNumber) throws(RuleViolation) {
        guard survivor != duplicate.personalNumber else {
            throw RuleViolation(field: "survivor", rule: "mergeIntoSelf", detail: "a record cannot be merged into itself")
        }
        guard (duplicate.mergedNumbers ?? []).isEmpty else {
            throw RuleViolation(
                field: "survivor", rule: "survivorOfMerge",
                detail: "this record holds the numbers of duplicates merged into it: keep it as the survivor")
        }
    }

    /// Nothing happens to a person before they were born.
    public static func checkNotBeforeBirth(_ date: LocalDate, person: Person, field: String) throws(RuleViolation) {
        guard date >= person.dateOfBirth.earliest else {
            throw RuleViolation(field: field, rule: "beforeBirth", detail: "\(date) is before the person's birth")
        }
    }

    public static func checkMarriage(_ person: Person, spouse: PersonReference, on date: LocalDate) throws(RuleViolation) {
        guard person.maritalStatus != .married else {
            throw RuleViolation(field: "personalNumber", rule: "alreadyMarried", detail: "the person is already married")
        }
        let minimum = minimumMarriageAge(person.sex)
        guard person.dateOfBirth.age(on: date) >= minimum else {
            throw RuleViolation(
                field: "date", rule: "marriageAge",
                detail: "a \(person.sex.rawValue) may marry from age \(minimum)")
        }
        try checkSpouseIsNotRelative(person, spouse: spouse)
    }

    /// A spouse is not one's own parent or child.
    public static func checkSpouseIsNotRelative(_ person: Person, spouse: PersonReference) throws(RuleViolation) {
        guard let n = spouse.personalNumber else { return }
        guard n != person.personalNumber else {
            throw RuleViolation(field: "spouse", rule: "spouseIsSelf", detail: "a person cannot marry themselves")
        }
        let parents = [person.father?.personalNumber, person.mother?.personalNumber].compactMap { $0 }
        let children = person.children.compactMap(\.personalNumber)
        guard !parents.contains(n), !children.contains(n) else {
            throw RuleViolation(field: "spouse", rule: "spouseIsParentOrChild", detail: "a spouse cannot be a parent or a child")
        }
    }

    public static func checkTemporaryResidence(_ residence: Residence) throws(RuleViolation) {
        guard let until = residence.until else {
            throw RuleViolation(field: "until", rule: "temporaryResidenceEnds", detail: "temporary residence needs an end date")
        }
        guard until > residence.since else {
            throw RuleViolation(field: "until", rule: "temporaryResidenceEnds", detail: "the end date must be after the start")
        }
        guard until <= residence.since.adding(years: maximumTemporaryResidenceYears) else {
            throw RuleViolation(
                field: "until", rule: "temporaryResidenceLength",
                detail: "temporary residence is registered for at most \(maximumTemporaryResidenceYears) years")
        }
    }

    public static func checkStay(_ stay: StayNotice) throws(RuleViolation) {
        guard stay.until >= stay.from else {
            throw RuleViolation(field: "until", rule: "stayEnds", detail: "the stay ends before it starts")
        }
        guard stay.until.dayNumber - stay.from.dayNumber <= maximumStayDays else {
            throw RuleViolation(
                field: "until", rule: "stayLength",
                detail: "a stay notice covers less than 30 days; register temporary residence instead")
        }
    }

    public static func checkAbsence(_ absence: TemporaryAbsence) throws(RuleViolation) {
        guard absence.until > absence.from else {
            throw RuleViolation(field: "until", rule: "absenceEnds", detail: "the absence ends before it starts")
        }
    }

    /// One household at a time: a person leaves one before joining another.
    public static func checkJoinHousehold(_ person: Person, householdId: String) throws(RuleViolation) {
        if let current = person.householdId, current != householdId {
            throw RuleViolation(
                field: "personalNumber", rule: "oneHousehold",
                detail: "the person already belongs to a household: remove them from it first")
        }
        if person.householdId == householdId {
            throw RuleViolation(field: "personalNumber", rule: "alreadyMember", detail: "the person is already a member")
        }
    }

    /// A correction may not contradict what the personal number encodes; that needs a new number.
    public static func checkCorrection(_ person: Person, _ c: PersonCorrection) throws(RuleViolation) {
        let sex = c.sex ?? person.sex
        let year = (c.dateOfBirth ?? person.dateOfBirth).year
        do {
            try person.personalNumber.validate(sex: sex, birthYear: year)
        } catch {
            throw RuleViolation(
                field: c.sex != nil ? "sex" : "dateOfBirth", rule: "numberMismatch",
                detail: "\(error); such a correction needs a new personal number")
        }
        guard !c.fieldNames.isEmpty else {
            throw RuleViolation(field: "correction", rule: "emptyCorrection", detail: "a correction changes at least one field")
        }
    }
}
