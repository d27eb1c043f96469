/// Số định danh cá nhân: 12 digits `PPP G YY RRRRRR`.
///
/// `PPP` is where the birth was registered (a pre-2025 province code, or a country code 101–295 for births
/// registered abroad); `G` encodes century and sex; `YY` the last two digits of the birth year; `RRRRRR` is
/// allocated at random by the register. There is no check digit. The number never changes, and the
/// province part is never re-derived from where a person lives.
public struct PersonalNumber: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Parses the structure only; `validate(sex:birthYear:)` checks it against a person.
    public init(_ text: String) throws(PersonalNumberError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 12 else { throw .wrongLength(utf8.count) }
        guard utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw .notDigits }
        let place = String(decoding: utf8[0..<3], as: UTF8.self)
        guard PersonalNumber.isKnownPlaceCode(place) else { throw .unknownPlaceCode(place) }
        rawValue = text
    }

    /// Builds a number from its parts, e.g. when the allocator has drawn a serial.
    public init(prefix: PersonalNumberPrefix, serial: Int) throws(PersonalNumberError) {
        guard (0...999_999).contains(serial) else { throw .serialOutOfRange(serial) }
        try self.init(prefix.rawValue + LocalDate.pad(serial, 6))
    }

    public var placeCode: String { String(rawValue.prefix(3)) }
    public var prefix: PersonalNumberPrefix { PersonalNumberPrefix(unchecked: String(rawValue.prefix(6))) }
    public var serial: Int { Int(rawValue.suffix(6)) ?? 0 }

    private var centuryDigit: Int { Int(rawValue.utf8[rawValue.utf8.index(rawValue.utf8.startIndex, offsetBy: 3)] - 48) }
    private var yearDigits: Int { Int(rawValue.dropFirst(4).prefix(2)) ?? 0 }

    public var sex: Sex { centuryDigit % 2 == 0 ? .male : .female }
    public var birthYear: Int { 1900 + 100 * (centuryDigit / 2) + yearDigits }
    public var isRegisteredAbroad: Bool { !rawValue.hasPrefix("0") }

    /// Checks that the number agrees with the person it belongs to.
    public func validate(sex: Sex, birthYear: Int) throws(PersonalNumberError) {
        guard self.sex == sex else { throw .sexMismatch(encoded: self.sex, actual: sex) }
        guard self.birthYear == birthYear else { throw .birthYearMismatch(encoded: self.birthYear, actual: birthYear) }
    }

    public static func < (a: PersonalNumber, b: PersonalNumber) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        do { self = try PersonalNumber(c.decode(String.self)) } catch let e as PersonalNumberError {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: e.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The 63 province codes of Circular 07/2016 Appendix I (unchanged by Circular 59/2021), 3-digit form.
    public static let provinceCodes: Set<String> = [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
        "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
        "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
        "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
        "089", "091", "092", "093", "094", "095", "096",
    ]

    /// Country codes of Appendix II occupy 101–295.
    public static let countryCodeRange = 101...295

    public static func isKnownPlaceCode(_ code: String) -> Bool {
        if provinceCodes.contains(code) { return true }
        guard let n = Int(code) else { return false }
        return countryCodeRange.contains(n)
    }
}

/// The first six digits `PPP G YY`: the unit within which the six random digits are allocated.
public struct PersonalNumberPrefix: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(placeCode: String, sex: Sex, birthYear: Int) throws(PersonalNumberError) {
        guard PersonalNumber.isKnownPlaceCode(placeCode) else { throw .unknownPlaceCode(placeCode) }
        guard (1900...2399).contains(birthYear) else { throw .birthYearOutOfRange(birthYear) }
        let century = (birthYear - 1900) / 100
        let digit = century * 2 + (sex == .female ? 1 : 0)
        rawValue = placeCode + String(digit) + LocalDate.pad(birthYear % 100, 2)
    }

    init(unchecked: String) { rawValue = unchecked }
    public var description: String { rawValue }
}

public enum PersonalNumberError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(Int)
    case notDigits
    case unknownPlaceCode(String)
    case sexMismatch(encoded: Sex, actual: Sex)
    case birthYearMismatch(encoded: Int, actual: Int)
    case birthYearOutOfRange(Int)
    case serialOutOfRange(Int)

    public var description: String {
        switch self {
        case .wrongLength(let n): "a personal number has 12 digits, this one has \(n) characters"
        case .notDigits: "a personal number has digits only"
        case .unknownPlaceCode(let c): "'\(c)' is neither a province code nor a country code of birth registration"
        case .sexMismatch(let e, let a): "the number encodes sex \(e.rawValue) but the person is \(a.rawValue)"
        case .birthYearMismatch(let e, let a): "the number encodes birth year \(e) but the person was born in \(a)"
        case .birthYearOutOfRange(let y): "birth year \(y) cannot be encoded (1900–2399)"
        case .serialOutOfRange(let s): "serial \(s) is not six digits"
        }
    }
}
