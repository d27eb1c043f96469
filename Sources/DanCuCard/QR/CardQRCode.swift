public import DanCuCore
import Foundation

/// The QR code printed on the card: plain text split by `|` (facts file §4).
///
///     personal number|old CMND (may be empty)|full name|birth date|Nam or Nữ|residence|issue date
///
/// Dates are `ddMMyyyy`. Some cards leave the CMND field out altogether, so a payload of six fields is
/// read as one without it. For a birth date the register knows only in part, DanCu writes `MMyyyy` or
/// `yyyy` rather than invent a day (no official form is known for that case).
/// The payload is not signed: it identifies, and only the chip proves.
public struct CardQRCode: Equatable, Sendable {
    public let personalNumber: PersonalNumber
    public let legacyIdNumber: String?
    public let fullName: VietnameseName
    public let dateOfBirth: PartialDate
    public let sex: Sex
    public let residence: String
    public let issuedOn: LocalDate

    public static let maximumLength = 1000

    public init(
        personalNumber: PersonalNumber, legacyIdNumber: String?, fullName: VietnameseName, dateOfBirth: PartialDate,
        sex: Sex, residence: String, issuedOn: LocalDate
    ) {
        self.personalNumber = personalNumber
        self.legacyIdNumber = legacyIdNumber
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.residence = residence.nfc.replacingOccurrences(of: "|", with: " ")
        self.issuedOn = issuedOn
    }

    public var payload: String {
        [
            personalNumber.rawValue, legacyIdNumber ?? "", fullName.fullName, Self.text(dateOfBirth), sex.vietnamese, residence,
            Self.text(PartialDate(issuedOn)),
        ].joined(separator: "|")
    }

    public init(parsing text: String) throws(CardTextError) {
        guard text.count <= Self.maximumLength else {
            throw CardTextError(field: "payload", detail: "longer than \(Self.maximumLength) characters")
        }
        let fields = text.nfc.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7 || fields.count == 6 else {
            throw CardTextError(field: "payload", detail: "expected 7 fields split by | (or 6 without the CMND), found \(fields.count)")
        }
        let hasLegacy = fields.count == 7
        let at = { (i: Int) -> String in fields[hasLegacy || i == 0 ? i : i - 1] }
        do { personalNumber = try PersonalNumber(fields[0]) } catch {
            throw CardTextError(field: "personalNumber", detail: error.description)
        }
        if hasLegacy, !fields[1].isEmpty {
            guard [9, 12].contains(fields[1].utf8.count), fields[1].utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw CardTextError(field: "legacyIdNumber", detail: "a CMND number has 9 or 12 digits")
            }
            legacyIdNumber = fields[1]
        } else {
            legacyIdNumber = nil
        }
        do { fullName = try VietnameseName(at(2)) } catch { throw CardTextError(field: "fullName", detail: error.description) }
        dateOfBirth = try Self.date(at(3), field: "dateOfBirth")
        switch at(4) {
        case Sex.male.vietnamese: sex = .male
        case Sex.female.vietnamese: sex = .female
        default: throw CardTextError(field: "sex", detail: "expected Nam or Nữ")
        }
        residence = at(5)
        let issued = try Self.date(at(6), field: "issuedOn")
        guard let day = issued.day, let month = issued.month, let full = try? LocalDate(year: issued.year, month: month, day: day) else {
            throw CardTextError(field: "issuedOn", detail: "the issue date is a full date, ddMMyyyy")
        }
        issuedOn = full
        guard personalNumber.sex == sex else {
            throw CardTextError(field: "sex", detail: "the personal number encodes \(personalNumber.sex.vietnamese)")
        }
        guard personalNumber.birthYear == dateOfBirth.year else {
            throw CardTextError(field: "dateOfBirth", detail: "the personal number encodes the birth year \(personalNumber.birthYear)")
        }
    }

    static func text(_ date: PartialDate) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(repeating: "0", count: max(0, 4 - String(date.year).count)) + String(date.year)
        switch (date.day, date.month) {
        case (let d?, let m?): return two(d) + two(m) + year
        case (nil, let m?): return two(m) + year
        default: return year
        }
    }

    static func date(_ text: String, field: String) throws(CardTextError) -> PartialDate {
        guard [4, 6, 8].contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            throw CardTextError(field: field, detail: "write ddMMyyyy (or MMyyyy, yyyy when the day or month is not known)")
        }
        let digits = Array(text)
        let number = { (r: Range<Int>) -> Int in Int(String(digits[r])) ?? 0 }
        do {
            switch digits.count {
            case 8: return try PartialDate(year: number(4..<8), month: number(2..<4), day: number(0..<2))
            case 6: return try PartialDate(year: number(2..<6), month: number(0..<2))
            default: return try PartialDate(year: number(0..<4))
            }
        } catch {
            throw CardTextError(field: field, detail: error.description)
        }
    }
}
