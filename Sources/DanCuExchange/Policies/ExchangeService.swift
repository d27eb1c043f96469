/// What a member system may be granted: each service with the fields it can name. A grant lists the
/// exact fields; anything else is refused.
public enum ExchangeService: String, Sendable, CaseIterable, Codable {
    /// Xác thực: per-field match or no match, and whether the person is alive.
    case verify
    /// Khai thác: the granted fields of a person's record.
    case personData = "person-data"
    /// Theo dõi: life events pushed to the member's endpoint or pulled from its feed, with the granted
    /// fields of the person as they are after the event.
    case events
    /// Đọc dữ liệu bổ sung: other members' linked records of the types granted (its fields are type codes).
    case linkedRecords = "linked-records"
    /// Bổ sung dữ liệu: writing the member's own linked records of the types granted.
    case linkedRecordsWrite = "linked-records-write"
    /// Dịch vụ công liên thông: the public-service applications whose step the subsystem decides (a
    /// health-insurance card for a newborn, a funeral allowance): the granted fields of the people they
    /// name, and the decision reported back.
    case serviceCases = "service-cases"

    /// The fields a grant of this service may list. Verification compares the first five and tells
    /// `vitalStatus` as alive or not; person data reads fields of the record as the register writes it.
    public var fields: [String] {
        switch self {
        case .verify: ["name", "dateOfBirth", "sex", "legacyIdNumber", "cardNumber", "vitalStatus"]
        case .personData, .events, .serviceCases: Self.recordFields
        case .linkedRecords, .linkedRecordsWrite: []
        }
    }

    /// Whether a grant's fields are record types of the catalogue rather than the record's fields.
    public var grantsRecordTypes: Bool { self == .linkedRecords || self == .linkedRecordsWrite }

    /// The record's fields as `PersonCodec` writes them (Identity Law 2023 Art. 9).
    public static let recordFields = [
        "personalNumber", "name", "otherNames", "dateOfBirth", "sex", "placeOfBirth", "birthRegistrationPlace", "placeOfOrigin",
        "ethnicity", "religion", "nationality", "otherNationalities", "bloodGroup", "legacyIdNumber", "identityDocuments", "father",
        "mother", "spouse", "children", "legalRepresentative", "representedPersons", "permanentResidence", "temporaryResidence",
        "currentResidence", "temporaryAbsence", "residenceFileNumber", "maritalStatus", "householdId", "relationshipToHead",
        "vitalStatus", "phone", "email",
    ]
}
