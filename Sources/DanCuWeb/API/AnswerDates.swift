import DanCuCore
import Foundation
import OpenAPIRuntime

/// The API's instants (RFC 3339, UTC, milliseconds: `2026-12-06T04:34:32.123Z`), written by hand.
/// The runtime's ISO 8601 transcoder formats through `ISO8601DateFormatter` behind one lock, which on
/// Linux is ICU's calendar: 1 % of an online birth's processor time over HTTP, for the few instants
/// of its answers. The text is the formatter's to the byte (`AnswerDatesTests` compares them over
/// dates from 1900 to 2200); the milliseconds are rounded to the nearest, a half up, as the formatter rounds them.
/// Reading a request's instant is rare and is left to the runtime's transcoder.
struct AnswerDates: DateTranscoder {
    private let reader = ISO8601DateTranscoder.iso8601WithFractionalSeconds

    func encode(_ date: Date) throws -> String {
        // The formatter's own arithmetic: milliseconds since 1970 by way of the reference date.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        guard milliseconds.isFinite, abs(milliseconds) < 1e16 else { return try reader.encode(date) }
        let total = Int64(milliseconds)
        let (days, inDay) = Self.floorDivide(total, 86_400_000)
        let civil = LocalDate(dayNumber: Int(days))
        // Before 1583 the formatter counts Julian days: left to it.
        guard (1600...9999).contains(civil.year) else { return try reader.encode(date) }
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        var text = [UInt8]()
        text.reserveCapacity(24)
        Self.append(year, digits: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        Self.append(month, digits: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        Self.append(day, digits: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        Self.append(inDay / 3_600_000, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        Self.append(inDay / 60_000 % 60, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        Self.append(inDay / 1000 % 60, digits: 2, to: &text)
        text.append(UInt8(ascii: "."))
        Self.append(inDay % 1000, digits: 3, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    func decode(_ text: String) throws -> Date { try reader.decode(text) }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func append(_ value: Int64, digits: Int, to text: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
