public import DanCuCore
import Foundation

/// A foreigner's permanent or temporary residence card (thẻ thường trú / thẻ tạm trú), as the officer
/// checked it against the immigration database at the counter. Foreigners are not in the population
/// register, so their eID account carries what the card says; the account's subject is `rc:` and the
/// card's number.
public struct ResidenceCard: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case permanent, temporary
    }

    public let number: String
    public let kind: Kind
    /// As written on the card, NFC.
    public let name: String
    public let sex: Sex
    public let dateOfBirth: LocalDate
    /// ISO 3166-1 alpha-3, not VNM.
    public let nationality: String
    public let validUntil: LocalDate
    /// The immigration office that issued it.
    public let issuedBy: String
    /// Where in Viet Nam the holder resides: the current ward's code.
    public let wardCode: String

    public static let subjectPrefix = "rc:"
    public var subject: String { Self.subjectPrefix + number }

    public func isValid(on day: LocalDate) -> Bool { validUntil >= day }

    public func age(on day: LocalDate) -> Int { PartialDate(dateOfBirth).age(on: day) }

    /// Checks every field against the reference data; each problem named.
    public init(
        number: String, kind: Kind, name: String, sex: Sex, dateOfBirth: LocalDate, nationality: String, validUntil: LocalDate,
        issuedBy: String, wardCode: String, reference: ReferenceData, today: LocalDate
    ) throws(EIDError) {
        var problems: [RuleViolation] = []
        let number = number.uppercased().replacingOccurrences(of: " ", with: "")
        if number.count < 6 || number.count > 20 || !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            problems.append(RuleViolation(field: "residenceCard.number", rule: "pattern", detail: "6 to 20 letters and digits"))
        }
        let name = name.nfc.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 200 { problems.append(RuleViolation(field: "residenceCard.name", rule: "length", detail: "1 to 200 characters")) }
        if nationality == "VNM" || reference.nationality(nationality) == nil {
            problems.append(RuleViolation(field: "residenceCard.nationality", rule: "oneOf", detail: "an ISO 3166-1 alpha-3 code other than VNM"))
        }
        if dateOfBirth > today { problems.append(RuleViolation(field: "residenceCard.dateOfBirth", rule: "past", detail: "not after today")) }
        if validUntil < today {
            problems.append(RuleViolation(field: "residenceCard.validUntil", rule: "validCardRequired", detail: "the residence card has expired"))
        }
        if issuedBy.trimmingCharacters(in: .whitespaces).isEmpty || issuedBy.count > 200 {
            problems.append(RuleViolation(field: "residenceCard.issuedBy", rule: "length", detail: "the issuing office, 1 to 200 characters"))
        }
        if reference.units.ward(wardCode) == nil {
            problems.append(RuleViolation(field: "residenceCard.wardCode", rule: "oneOf", detail: "a current ward code"))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        self.number = number
        self.kind = kind
        self.name = name
        self.sex = sex
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
        self.validUntil = validUntil
        self.issuedBy = issuedBy.nfc
        self.wardCode = wardCode
    }
}
