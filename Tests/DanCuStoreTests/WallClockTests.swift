import DanCuStore
import Foundation
import Testing

@Suite struct WallClockTests {
    @Test func timestampsAgreeWithFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SystemRandomNumberGenerator()
        // Whole milliseconds from 1900 to 2200, leap days and the turn of each century among them.
        let edges: [Int64] = [0, -1_000, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, -2_208_988_800_000, 1_709_164_800_123]
        let samples = edges + (0..<5_000).map { _ in Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &rng) }
        for millis in samples {
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1_000))
            #expect(WallClock.iso(micros: millis * 1_000) == expected, "\(millis)")
        }
        #expect(WallClock.iso(micros: 1_764_412_128_300_999) == "2025-11-29T10:28:48.300Z")
    }
}
