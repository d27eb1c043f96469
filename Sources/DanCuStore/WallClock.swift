import Foundation

/// Wall-clock time for recording when the register learnt something.
public enum WallClock {
    /// Microseconds since 1970-01-01 UTC.
    public static func nowMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    public static func nowISO() -> String { ISO8601DateFormatter().string(from: Date()) }

    public static func iso(micros: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date(timeIntervalSince1970: Double(micros) / 1_000_000))
    }
}
