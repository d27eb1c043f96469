public import DanCuCore

/// The machine-readable zone of a Vietnamese identity card: ICAO 9303 TD1 (three lines of 30), in the
/// VNM layout of the facts file §4.
///
///     IDVNM<doc no. 9><cd><personal number 12><<<cd of the personal number>
///     <birth YYMMDD><cd><M|F><expiry YYMMDD><cd>VNM<<<<<<<<<<<<composite cd>
///     FAMILY<<GIVEN<NAMES<<<<<<<<<<<<<
///
/// The document number is the last nine digits of the personal number. Unknown parts of a birth date
/// are `<`; a card valid for life has `<<<<<<` as expiry.
public struct CardMRZ: Equatable, Sendable {
    public let personalNumber: PersonalNumber
    /// YYMMDD, `<` where the register does not know the month or day.
    public let dateOfBirth: String
    public let sex: Sex
    /// YYMMDD, nil for a card without expiry.
    public let expiry: String?
    /// As the MRZ writes them: capital letters, words separated by spaces.
    public let familyName: String
    public let givenNames: String

    public var documentNumber: String { String(personalNumber.rawValue.suffix(9)) }

    public static let width = 30

    /// The MRZ of a card for a person in the register.
    public init(personalNumber: PersonalNumber, name: VietnameseName, dateOfBirth: PartialDate, sex: Sex, expiry: LocalDate?) {
        self.personalNumber = personalNumber
        self.dateOfBirth = Self.text(dateOfBirth)
        self.sex = sex
        self.expiry = expiry.map { Self.text(PartialDate($0)) }
        let parsed = MRZName.parse(MRZName.field(name, width: Self.width)[...])
        familyName = parsed.family
        givenNames = parsed.given
    }

    public var lines: [String] {
        let number = personalNumber.rawValue
        let optional = number + "<<"
        let line1 = "IDVNM" + documentNumber + check(documentNumber) + optional + check(number)
        let expiryText = expiry ?? "<<<<<<"
        let line2Head =
            dateOfBirth + check(dateOfBirth) + (sex == .male ? "M" : "F") + expiryText + check(expiryText) + "VNM"
            + String(repeating: "<", count: 11)
        let composite = Self.compositeInput(line1: line1, line2: line2Head)
        let line2 = line2Head + check(composite)
        let family = familyName.split(separator: " ").joined(separator: "<")
        let given = givenNames.split(separator: " ").joined(separator: "<")
        var line3 = given.isEmpty ? family : family + "<<" + given
        line3 = String(line3.prefix(Self.width))
        line3 += String(repeating: "<", count: Self.width - line3.count)
        return [line1, line2, line3]
    }

    private func check(_ text: String) -> String { MRZCheckDigit.of(text).map(String.init) ?? "<" }

    /// ICAO 9303 Part 5 §4.2.2: line 1 from the document number on, line 2's birth date, expiry and
    /// optional data, each with its check digit.
    static func compositeInput(line1: String, line2: String) -> String {
        let l1 = Array(line1)
        let l2 = Array(line2)
        return String(l1[5..<30]) + String(l2[0..<7]) + String(l2[8..<15]) + String(l2[18..<29])
    }

    static func text(_ date: PartialDate) -> String {
        func two(_ n: Int) -> String {
            let v = n % 100
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return two(date.year % 100) + (date.month.map(two) ?? "<<") + (date.day.map(two) ?? "<<")
    }
}
