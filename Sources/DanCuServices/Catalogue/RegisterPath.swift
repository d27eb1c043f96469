/// A register field a form shows instead of asking: `applicant.fullName`, `subject.permanentResidence`,
/// `spouse.personalNumber`. The form is filled from the register at the moment it is shown, through
/// the gate; the application keeps only what the applicant typed, so the register stays the one
/// source of truth.
public struct RegisterPath: Sendable, Equatable, CustomStringConvertible {
    public let person: Person
    public let field: Field

    /// Whose record the field is read from.
    public enum Person: String, Sendable, Equatable, CaseIterable {
        case applicant
        /// The applicant's spouse, as the register links them (the other parent of a newborn).
        case spouse
        /// The person the application is about (a deceased person, a marriage partner).
        case subject
    }

    public enum Field: String, Sendable, Equatable, CaseIterable {
        case personalNumber, fullName, dateOfBirth, sex, ethnicity, nationality, placeOfOrigin, permanentResidence,
            temporaryResidence, currentResidence, maritalStatus, legacyIdNumber, household
    }

    public init(person: Person, field: Field) {
        self.person = person
        self.field = field
    }

    /// Parses `person.field`; nil when either part is unknown.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let person = Person(rawValue: String(parts[0])), let field = Field(rawValue: String(parts[1])) else {
            return nil
        }
        self.init(person: person, field: field)
    }

    public var description: String { "\(person.rawValue).\(field.rawValue)" }

    /// Every path, as a catalogue file may write it.
    public static var all: [String] {
        Person.allCases.flatMap { person in Field.allCases.map { "\(person.rawValue).\($0.rawValue)" } }
    }
}
