/// A date of which only the year, or the year and month, may be known: older people's dates of birth
/// often are. Never invent 1 January for an unknown day.
public struct PartialDate: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) throws(DateError) {
        guard (1...9999).contains(year) else { throw .yearOutOfRange(year) }
        if let month {
            guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
            if let day {
                guard (1...LocalDate.daysIn(month: month, year: year)).contains(day) else {
                    throw .dayOutOfRange(day, month: month, year: year)
                }
            }
        } else if day != nil {
            throw .malformed("day without month")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
        day = date.day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public init(iso text: String) throws(DateError) {
        guard let parts = ISODateText.parts(text) else { throw .malformed(text) }
        try self.init(year: parts.year, month: parts.month, day: parts.day)
    }

    public var isComplete: Bool { day != nil }

    /// The full date when every part is known.
    public var localDate: LocalDate? {
        guard let month, let day else { return nil }
        return LocalDate(unchecked: year, month, day)
    }

    /// The first day this date could be.
    public var earliest: LocalDate { LocalDate(unchecked: year, month ?? 1, day ?? 1) }

    /// The last day this date could be.
    public var latest: LocalDate {
        let m = month ?? 12
        return LocalDate(unchecked: year, m, day ?? LocalDate.daysIn(month: m, year: year))
    }

    /// Whether the date certainly falls before `other` (true only when no reading of the unknown parts
    /// could make it fall on or after).
    public func isCertainlyBefore(_ other: PartialDate) -> Bool { latest < other.earliest }

    /// Completed years at `date`, counted from the latest possible birthday: never overstates an age.
    public func age(on date: LocalDate) -> Int {
        let born = latest
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return max(0, years)
    }

    /// The greatest age the person could have at `date`.
    public func maximumAge(on date: LocalDate) -> Int {
        let born = earliest
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return max(0, years)
    }

    /// Orders by the earliest possible day, then less precise before more precise.
    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        if a.earliest != b.earliest { return a.earliest < b.earliest }
        return a.precision < b.precision
    }

    private var precision: Int { day != nil ? 3 : month != nil ? 2 : 1 }

    public var description: String {
        var s = LocalDate.pad(year, 4)
        if let month { s += "-" + LocalDate.pad(month, 2) }
        if let day { s += "-" + LocalDate.pad(day, 2) }
        return s
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        do { self = try PartialDate(iso: c.decode(String.self)) } catch let e as DateError {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: e.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
