/// An instant as RFC 3339 text in UTC, worked out from microseconds since 1970: to the second
/// (`2026-12-06T20:21:03Z`, the spelling `ISO8601DateFormatter` gives by default) or to the millisecond
/// (`2026-12-06T20:21:03.300Z`). Without the formatter: on Linux each new one builds ICU's calendar,
/// which was half of a webhook's dispatch (docs/benchmarks.md, issue 15). The second (or millisecond)
/// is the one the instant falls in.
public enum UTCInstant {
    public static func text(micros: Int64, milliseconds: Bool = false) -> String {
        let millis = floorDivide(micros, 1_000)
        let days = floorDivide(millis, 86_400_000)
        let inDay = millis - days * 86_400_000
        let date = LocalDate(dayNumber: Int(days))
        var text: [UInt8] = []
        text.reserveCapacity(24)
        append(Int64(date.year), digits: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        append(Int64(date.month), digits: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        append(Int64(date.day), digits: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        append(inDay / 3_600_000, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(inDay / 60_000 % 60, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(inDay / 1_000 % 60, digits: 2, to: &text)
        if milliseconds {
            text.append(UInt8(ascii: "."))
            append(inDay % 1_000, digits: 3, to: &text)
        }
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a + 1) / b - 1
    }

    /// `value` (not negative) in at least `digits` decimal digits, zero-padded; a year past 9999 keeps
    /// all of its own. Digit by digit: a `String` a field would be an allocation each.
    private static func append(_ value: Int64, digits: Int, to text: inout [UInt8]) {
        var divisor: Int64 = 1
        var width = 1
        while width < digits || divisor <= max(0, value) / 10 {
            divisor *= 10
            width += 1
        }
        var rest = max(0, value)
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
