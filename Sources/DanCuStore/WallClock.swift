import DanCuCore
import Foundation

/// Wall-clock time for recording when the register learnt something.
public enum WallClock {
    /// Microseconds since 1970-01-01 UTC.
    public static func nowMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    public static func nowISO() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// `2026-11-29T10:28:48.300Z`: UTC, milliseconds (`UTCInstant`: a Foundation date formatter costs
    /// tens of microseconds to make, and answers with many timestamps make one per timestamp).
    public static func iso(micros: Int64) -> String { UTCInstant.text(micros: micros, milliseconds: true) }
}
