import DanCuCore
import Foundation

/// Wall-clock time for recording when the register learnt something.
public enum WallClock {
    /// Microseconds since 1970-01-01 UTC.
    public static func nowMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    public static func nowISO() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// `2026-11-29T10:28:48.300Z`: UTC, milliseconds. Written by hand: a Foundation date formatter costs
    /// tens of microseconds to make, and answers with many timestamps make one per timestamp.
    public static func iso(micros: Int64) -> String {
        let millis = micros >= 0 ? micros / 1_000 : (micros - 999) / 1_000
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let ofDay = millis - days * 86_400_000
        let date = LocalDate(dayNumber: Int(days))
        let year = Int64(date.year)
        let month = Int64(date.month)
        let day = Int64(date.day)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var v = value
            for _ in 0..<count {
                out.append(UInt8(48 + (v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        out.append(45)
        digits(month, 2)
        out.append(45)
        digits(day, 2)
        out.append(84)
        digits(ofDay / 3_600_000, 2)
        out.append(58)
        digits(ofDay / 60_000 % 60, 2)
        out.append(58)
        digits(ofDay / 1_000 % 60, 2)
        out.append(46)
        digits(ofDay % 1_000, 3)
        out.append(90)
        return String(decoding: out, as: UTF8.self)
    }
}
