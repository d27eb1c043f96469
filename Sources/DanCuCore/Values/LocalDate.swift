/// A calendar day with no time zone: dates in the register are civil dates.
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws(DateError) {
        guard (1...9999).contains(year) else { throw .yearOutOfRange(year) }
        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        guard (1...LocalDate.daysIn(month: month, year: year)).contains(day) else {
            throw .dayOutOfRange(day, month: month, year: year)
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init(iso text: String) throws(DateError) {
        guard let parts = ISODateText.parts(text), let month = parts.month, let day = parts.day else { throw .malformed(text) }
        try self.init(year: parts.year, month: month, day: day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> LocalDate {
        let y = min(9999, max(1, year + years))
        let d = min(day, LocalDate.daysIn(month: month, year: y))
        return LocalDate(unchecked: y, month, d)
    }

    public init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        "\(LocalDate.pad(year, 4))-\(LocalDate.pad(month, 2))-\(LocalDate.pad(day, 2))"
    }

    public static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        do { self = try LocalDate(iso: c.decode(String.self)) } catch let e as DateError {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: e.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public enum DateError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case yearOutOfRange(Int)
    case monthOutOfRange(Int)
    case dayOutOfRange(Int, month: Int, year: Int)

    public var description: String {
        switch self {
        case .malformed(let t): "'\(t)' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"
        case .yearOutOfRange(let y): "year \(y) is out of range"
        case .monthOutOfRange(let m): "month \(m) is not between 1 and 12"
        case .dayOutOfRange(let d, let m, let y): "day \(d) does not exist in \(y)-\(LocalDate.pad(m, 2))"
        }
    }
}

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (ASCII digits only) without allocating: dates are read for
/// every record an import brings.
enum ISODateText {
    static func parts(_ text: String) -> (year: Int, month: Int?, day: Int?)? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parts($0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { parts($0) }
    }

    private static func parts(_ b: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int?, day: Int?)? {
        func digits(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        let dash = UInt8(ascii: "-")
        switch b.count {
        case 4:
            return digits(0, 4).map { ($0, nil, nil) }
        case 7:
            guard b[4] == dash, let y = digits(0, 4), let m = digits(5, 2) else { return nil }
            return (y, m, nil)
        case 10:
            guard b[4] == dash, b[7] == dash, let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
            return (y, m, d)
        default:
            return nil
        }
    }
}
