import Foundation

/// The register's time: the instant now, and the civil date in Viet Nam. One clock is made where the
/// system is put together and handed to every use case that needs time, so a test can set it.
///
/// The civil date is Viet Nam's (Asia/Ho_Chi_Minh), not the UTC date: at UTC+7 the UTC date lags for
/// seven hours every morning, and a birth of today would be "in the future". Viet Nam has kept UTC+7
/// without daylight saving since 1975, so the offset is a constant; no date before 1975 is ever "today".
public struct CivilClock: Sendable {
    public static let vietnamOffsetSeconds: Int64 = 7 * 3_600
    let microsNow: @Sendable () -> Int64

    public init(microsNow: @escaping @Sendable () -> Int64) {
        self.microsNow = microsNow
    }

    /// The machine's clock.
    public static let system = CivilClock { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    /// A clock that stands still at `micros` (microseconds since 1970-01-01 UTC), for tests.
    public static func fixed(_ micros: Int64) -> CivilClock { CivilClock { micros } }

    /// Microseconds since 1970-01-01 UTC.
    public func nowMicros() -> Int64 { microsNow() }

    /// Today's date in Viet Nam.
    public func today() -> LocalDate { Self.civilDate(micros: nowMicros()) }

    /// The date in Viet Nam at the instant `micros`.
    public static func civilDate(micros: Int64) -> LocalDate {
        let local = micros + vietnamOffsetSeconds * 1_000_000
        let day = local >= 0 ? local / 86_400_000_000 : (local - 86_399_999_999) / 86_400_000_000
        return LocalDate(dayNumber: Int(day))
    }
}
