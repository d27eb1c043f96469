/// An instant as RFC 3339 text in UTC to the second (`2026-12-06T20:21:03Z`), the spelling
/// `ISO8601DateFormatter` gives by default, worked out from microseconds since 1970 without it: on
/// Linux each new formatter builds ICU's calendar, which was half of a webhook's dispatch
/// (docs/benchmarks.md, issue 15). The second is the one the instant falls in.
public enum UTCInstant {
    public static func text(micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros + 1) / 1_000_000 - 1
        let days = seconds >= 0 ? seconds / 86_400 : (seconds + 1) / 86_400 - 1
        let inDay = seconds - days * 86_400
        let date = LocalDate(dayNumber: Int(days))
        var text: [UInt8] = []
        text.reserveCapacity(20)
        append(date.year, digits: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        append(date.month, digits: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        append(date.day, digits: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        append(Int(inDay / 3_600), digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(Int(inDay / 60 % 60), digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(Int(inDay % 60), digits: 2, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// `value` in at least `digits` decimal digits, zero-padded (a year past 9999 keeps all of its own).
    private static func append(_ value: Int, digits: Int, to text: inout [UInt8]) {
        let written = String(max(0, value))
        text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, digits - written.utf8.count)))
        text.append(contentsOf: written.utf8)
    }
}
