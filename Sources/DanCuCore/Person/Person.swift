/// A person as the register holds them: every concrete item of Identity Law 2023 Art. 9 (items 1–25).
/// The current record is a projection of the person's life events (see `LifeEvent`).
public struct Person: Hashable, Codable, Sendable {
    // Art. 9 items 1–5
    public var personalNumber: PersonalNumber
    public var name: VietnameseName
    public var otherNames: [String]
    public var dateOfBirth: PartialDate
    public var sex: Sex
    // 6–8: three different places
    public var placeOfBirth: Place?
    public var birthRegistrationPlace: Place?
    public var placeOfOrigin: Place?
    // 9–12
    public var ethnicity: String
    public var religion: Religion
    public var nationality: String
    public var otherNationalities: [String]
    public var bloodGroup: BloodGroup
    // 13–14
    public var legacyIdNumber: String?
    public var identityDocuments: [IdentityDocumentRecord]
    // 15
    public var father: PersonReference?
    public var mother: PersonReference?
    public var spouse: PersonReference?
    public var children: [PersonReference]
    public var legalRepresentative: PersonReference?
    public var representedPersons: [PersonReference]
    // 16–20
    public var permanentResidence: Residence?
    public var temporaryResidence: Residence?
    public var currentResidence: Place?
    public var temporaryAbsence: TemporaryAbsence?
    public var residenceFileNumber: String?
    // 21–23
    public var maritalStatus: MaritalStatus
    public var householdId: String?
    public var relationshipToHead: RelationshipToHead?
    // 24
    public var vitalStatus: VitalStatus
    // 25
    public var phone: String?
    public var email: String?
    // Not an item of Art. 9: how a duplicate was resolved (see `LifeEventChange.mergedInto`).
    /// Set on a record found to be a duplicate: its personal number is cancelled and resolves to this
    /// survivor's. The record and its history are kept; a cancelled number is never given again.
    public var mergedInto: PersonalNumber?
    /// The cancelled numbers of the duplicates merged into this record (nil when none).
    public var mergedNumbers: [PersonalNumber]?

    public init(
        personalNumber: PersonalNumber, name: VietnameseName, otherNames: [String] = [], dateOfBirth: PartialDate,
        sex: Sex, placeOfBirth: Place? = nil, birthRegistrationPlace: Place? = nil, placeOfOrigin: Place? = nil,
        ethnicity: String = "01", religion: Religion = .none, nationality: String = "VNM",
        otherNationalities: [String] = [], bloodGroup: BloodGroup = .unknown, legacyIdNumber: String? = nil,
        identityDocuments: [IdentityDocumentRecord] = [], father: PersonReference? = nil,
        mother: PersonReference? = nil, spouse: PersonReference? = nil, children: [PersonReference] = [],
        legalRepresentative: PersonReference? = nil, representedPersons: [PersonReference] = [],
        permanentResidence: Residence? = nil, temporaryResidence: Residence? = nil, currentResidence: Place? = nil,
        temporaryAbsence: TemporaryAbsence? = nil, residenceFileNumber: String? = nil,
        maritalStatus: MaritalStatus = .single, householdId: String? = nil,
        relationshipToHead: RelationshipToHead? = nil, vitalStatus: VitalStatus = .alive,
        phone: String? = nil, email: String? = nil, mergedInto: PersonalNumber? = nil, mergedNumbers: [PersonalNumber]? = nil
    ) {
        self.personalNumber = personalNumber
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
        self.otherNationalities = otherNationalities
        self.bloodGroup = bloodGroup
        self.legacyIdNumber = legacyIdNumber
        self.identityDocuments = identityDocuments
        self.father = father
        self.mother = mother
        self.spouse = spouse
        self.children = children
        self.legalRepresentative = legalRepresentative
        self.representedPersons = representedPersons
        self.permanentResidence = permanentResidence
        self.temporaryResidence = temporaryResidence
        self.currentResidence = currentResidence
        self.temporaryAbsence = temporaryAbsence
        self.residenceFileNumber = residenceFileNumber
        self.maritalStatus = maritalStatus
        self.householdId = householdId
        self.relationshipToHead = relationshipToHead
        self.vitalStatus = vitalStatus
        self.phone = phone
        self.email = email
        self.mergedInto = mergedInto
        self.mergedNumbers = mergedNumbers
    }

    /// The number the person is known by: the survivor's for a merged duplicate, else their own.
    public var resolvedNumber: PersonalNumber { mergedInto ?? personalNumber }

    /// The ward the person lives in now: current residence, else temporary, else permanent.
    public var residenceWardCode: String? {
        currentResidence?.wardCode ?? temporaryResidence?.place.wardCode ?? permanentResidence?.place.wardCode
    }

    public var isAlive: Bool { vitalStatus == .alive }
}

/// Item 24: alive, dead (date of death) or missing (date of disappearance).
public enum VitalStatus: Hashable, Codable, Sendable {
    case alive
    case dead(PartialDate)
    case missing(PartialDate)

    public var label: String {
        switch self {
        case .alive: "alive"
        case .dead: "dead"
        case .missing: "missing"
        }
    }
}

/// Item 15: a relative or representative as the register names them: name, personal number (when they
/// have one), old CMND number and nationality.
public struct PersonReference: Hashable, Codable, Sendable {
    public var name: VietnameseName
    public var personalNumber: PersonalNumber?
    public var legacyIdNumber: String?
    public var nationality: String

    public init(
        name: VietnameseName, personalNumber: PersonalNumber? = nil, legacyIdNumber: String? = nil,
        nationality: String = "VNM"
    ) {
        self.name = name
        self.personalNumber = personalNumber
        self.legacyIdNumber = legacyIdNumber
        self.nationality = nationality
    }
}

/// Item 14: an identity document issued to the person (CMND, CCCD or căn cước card).
public struct IdentityDocumentRecord: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case cmnd9, cmnd12, cccd, identityCard, identityCertificate
    }

    public var kind: Kind
    public var number: String
    public var issuedOn: LocalDate
    public var issuedBy: String
    public var validUntil: LocalDate?

    public init(kind: Kind, number: String, issuedOn: LocalDate, issuedBy: String, validUntil: LocalDate? = nil) {
        self.kind = kind
        self.number = number
        self.issuedOn = issuedOn
        self.issuedBy = issuedBy
        self.validUntil = validUntil
    }
}

extension VitalStatus {
    private enum CodingKeys: String, CodingKey { case status, date }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .status) {
        case "alive": self = .alive
        case "dead": self = .dead(try c.decode(PartialDate.self, forKey: .date))
        case "missing": self = .missing(try c.decode(PartialDate.self, forKey: .date))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .status, in: c,
                debugDescription: "'\(other)' is not alive, dead or missing")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .status)
        switch self {
        case .alive: break
        case .dead(let d), .missing(let d): try c.encode(d, forKey: .date)
        }
    }
}
