/// A fact about a person that the register learnt: appended, never edited. The current record is the
/// fold of a person's events; history is bitemporal: `validFrom` is when it became true, `recordedAt`
/// when the register learnt it.
public struct LifeEvent: Hashable, Codable, Sendable {
    public var personalNumber: PersonalNumber
    public var change: LifeEventChange
    public var validFrom: LocalDate
    /// Microseconds since 1970-01-01 UTC.
    public var recordedAt: Int64
    public var officer: String
    public var reason: String?

    public init(
        personalNumber: PersonalNumber, change: LifeEventChange, validFrom: LocalDate, recordedAt: Int64,
        officer: String, reason: String? = nil
    ) {
        self.personalNumber = personalNumber
        self.change = change
        self.validFrom = validFrom
        self.recordedAt = recordedAt
        self.officer = officer
        self.reason = reason
    }

    public var kind: String { change.kind }
}

/// What a life event changed.
public enum LifeEventChange: Hashable, Codable, Sendable {  // coded in LifeEventChange+Coding.swift
    /// Khai sinh: a newborn's first record.
    case birthRegistered(Person)
    /// A person already known to the state entered into the register (digitisation), keeping their number.
    case personRegistered(Person)
    case deathRecorded(date: PartialDate)
    case disappearanceRecorded(date: PartialDate)
    /// A person declared missing who was found again.
    case reappeared
    case marriageRegistered(spouse: PersonReference)
    case divorceRegistered
    /// The spouse died: the marriage ended.
    case widowed
    case permanentResidenceRegistered(Residence)
    case temporaryResidenceRegistered(Residence)
    case temporaryResidenceEnded
    /// Xóa đăng ký thường trú: the permanent residence is removed from the register, with the law's
    /// ground (a death, a move abroad, a registration found unlawful).
    case permanentResidenceRemoved(reason: String)
    case currentResidenceDeclared(Place)
    case stayNotified(StayNotice)
    case temporaryAbsenceDeclared(TemporaryAbsence)
    case nameChanged(VietnameseName)
    case corrected(PersonCorrection)
    case joinedHousehold(householdId: String, relationship: RelationshipToHead)
    case leftHousehold(householdId: String)
    case relationshipToHeadChanged(RelationshipToHead)
    case childAdded(PersonReference)
    /// Hủy số định danh trùng: the record was found to be a duplicate of `survivor`'s (an officer's
    /// decision on a suspected pair). Its number is cancelled and resolves to the survivor's; the record
    /// and its history stay, and it takes no further event but `mergeUndone`.
    case mergedInto(survivor: PersonalNumber)
    /// The survivor's side of a merge: the duplicate's cancelled number is kept with the record.
    case duplicateMerged(duplicate: PersonalNumber)
    /// A merge found wrong, corrected on both records: the duplicate's number is valid again and the
    /// survivor no longer holds it.
    case mergeUndone(other: PersonalNumber)

    /// The kind of the event that enters an existing person (digitisation, import).
    public static let registrationKind = "personRegistered"

    public var kind: String {
        switch self {
        case .birthRegistered: "birthRegistered"
        case .personRegistered: Self.registrationKind
        case .deathRecorded: "deathRecorded"
        case .disappearanceRecorded: "disappearanceRecorded"
        case .reappeared: "reappeared"
        case .marriageRegistered: "marriageRegistered"
        case .divorceRegistered: "divorceRegistered"
        case .widowed: "widowed"
        case .permanentResidenceRegistered: "permanentResidenceRegistered"
        case .temporaryResidenceRegistered: "temporaryResidenceRegistered"
        case .temporaryResidenceEnded: "temporaryResidenceEnded"
        case .permanentResidenceRemoved: "permanentResidenceRemoved"
        case .currentResidenceDeclared: "currentResidenceDeclared"
        case .stayNotified: "stayNotified"
        case .temporaryAbsenceDeclared: "temporaryAbsenceDeclared"
        case .nameChanged: "nameChanged"
        case .corrected: "corrected"
        case .joinedHousehold: "joinedHousehold"
        case .leftHousehold: "leftHousehold"
        case .relationshipToHeadChanged: "relationshipToHeadChanged"
        case .childAdded: "childAdded"
        case .mergedInto: "mergedInto"
        case .duplicateMerged: "duplicateMerged"
        case .mergeUndone: "mergeUndone"
        }
    }
}

/// A correction of recorded facts (never of the personal number), with its reason on the event.
public struct PersonCorrection: Hashable, Codable, Sendable {
    public var name: VietnameseName?
    public var otherNames: [String]?
    public var dateOfBirth: PartialDate?
    public var sex: Sex?
    public var placeOfBirth: Place?
    public var birthRegistrationPlace: Place?
    public var placeOfOrigin: Place?
    public var ethnicity: String?
    public var religion: Religion?
    public var nationality: String?
    public var bloodGroup: BloodGroup?
    public var legacyIdNumber: String?
    public var father: PersonReference?
    public var mother: PersonReference?
    public var phone: String?
    public var email: String?

    public init(
        name: VietnameseName? = nil, otherNames: [String]? = nil, dateOfBirth: PartialDate? = nil,
        sex: Sex? = nil, placeOfBirth: Place? = nil, birthRegistrationPlace: Place? = nil,
        placeOfOrigin: Place? = nil, ethnicity: String? = nil, religion: Religion? = nil,
        nationality: String? = nil, bloodGroup: BloodGroup? = nil, legacyIdNumber: String? = nil,
        father: PersonReference? = nil, mother: PersonReference? = nil, phone: String? = nil,
        email: String? = nil
    ) {
        self.name = name
        self.otherNames = otherNames
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.placeOfBirth = placeOfBirth
        self.birthRegistrationPlace = birthRegistrationPlace
        self.placeOfOrigin = placeOfOrigin
        self.ethnicity = ethnicity
        self.religion = religion
        self.nationality = nationality
        self.bloodGroup = bloodGroup
        self.legacyIdNumber = legacyIdNumber
        self.father = father
        self.mother = mother
        self.phone = phone
        self.email = email
    }

    /// Names of the fields this correction touches, for the access log and the history view.
    public var fieldNames: [String] {
        var names: [String] = []
        if name != nil { names.append("name") }
        if otherNames != nil { names.append("otherNames") }
        if dateOfBirth != nil { names.append("dateOfBirth") }
        if sex != nil { names.append("sex") }
        if placeOfBirth != nil { names.append("placeOfBirth") }
        if birthRegistrationPlace != nil { names.append("birthRegistrationPlace") }
        if placeOfOrigin != nil { names.append("placeOfOrigin") }
        if ethnicity != nil { names.append("ethnicity") }
        if religion != nil { names.append("religion") }
        if nationality != nil { names.append("nationality") }
        if bloodGroup != nil { names.append("bloodGroup") }
        if legacyIdNumber != nil { names.append("legacyIdNumber") }
        if father != nil { names.append("father") }
        if mother != nil { names.append("mother") }
        if phone != nil { names.append("phone") }
        if email != nil { names.append("email") }
        return names
    }
}
