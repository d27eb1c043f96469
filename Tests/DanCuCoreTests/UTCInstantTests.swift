import DanCuCore
import Foundation
import Testing

/// The instant's text is `ISO8601DateFormatter`'s default spelling to the byte: at the epoch, either
/// side of midnight and of a second, across leap days and centuries, before 1970, and at random
/// microseconds from 1900 to 2200.
@Suite struct UTCInstantTests {
    @Test func itIsTheFormattersText() {
        let formatter = ISO8601DateFormatter()
        func formatted(_ micros: Int64) -> String { formatter.string(from: Date(timeIntervalSince1970: Double(micros) / 1_000_000)) }
        var generator = SystemRandomNumberGenerator()
        let second: Int64 = 1_000_000
        let fixed: [Int64] = [
            0, 1, -1, second - 1, second, -second, 86_400 * second - 1, 86_400 * second, 951_782_400 * second, 951_868_799 * second + 999_999,
            4_107_542_400 * second, -2_208_988_800 * second, 1_796_600_000 * second + 500_000,
        ]
        let random = (0..<2_000).map { _ in Int64.random(in: -2_208_988_800 * second..<7_258_118_400 * second, using: &generator) }
        for micros in fixed + random {
            // The formatter works in milliseconds: the last half-millisecond of a second it rounds into the next.
            guard (micros % 1_000_000 + 1_000_000) % 1_000_000 < 999_500 else { continue }
            #expect(UTCInstant.text(micros: micros) == formatted(micros), "\(micros)")
        }
        #expect(UTCInstant.text(micros: 1_796_600_000 * second) == "2026-12-06T23:33:20Z")
        #expect(UTCInstant.text(micros: -1) == "1969-12-31T23:59:59Z")
    }
}
