import Foundation
import OpenAPIRuntime
import Testing

@testable import DanCuWeb

/// The API's instants written by hand are the runtime's ISO 8601 transcoder's, byte for byte: over
/// instants from 1900 to 2200 at every scale (whole days, whole seconds, microseconds from the
/// register's clock, fractions that sit on a millisecond's edge), and read back to the same millisecond.
@Suite struct AnswerDatesTests {
    @Test func theTextIsTheFormattersToTheByte() throws {
        let ours = AnswerDates()
        let reference = ISO8601DateTranscoder.iso8601WithFractionalSeconds
        var generator = SystemRandomNumberGenerator()
        let start = -2_208_988_800.0  // 1900-01-01
        let end = 7_258_118_400.0  // 2200-01-01
        var instants: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.001), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 1_796_515_199.999), Date(timeIntervalSince1970: 1.2345), Date(timeIntervalSince1970: -1.2345),
            // Exactly half a millisecond, either way of 1970.
            Date(timeIntervalSince1970: 0.0625), Date(timeIntervalSince1970: 0.1875), Date(timeIntervalSince1970: -0.0625),
            Date(timeIntervalSince1970: -0.1875),
        ]
        for _ in 0..<20_000 {
            let seconds = Double.random(in: start..<end, using: &generator)
            instants.append(Date(timeIntervalSince1970: seconds))
            instants.append(Date(timeIntervalSince1970: seconds.rounded(.down)))
            instants.append(Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400))
            let micros = Int64(seconds * 1_000_000)
            instants.append(Date(timeIntervalSince1970: Double(micros) / 1_000_000))
            instants.append(Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000 + 0.000_999_9))
        }
        var differing: [String] = []
        for instant in instants {
            let mine = try ours.encode(instant)
            let theirs = try reference.encode(instant)
            if mine != theirs { differing.append("\(instant.timeIntervalSince1970): \(mine) against \(theirs)") }
        }
        #expect(differing.isEmpty, "\(differing.count) of \(instants.count) differ: \(differing.prefix(5))")
        let text = try ours.encode(Date(timeIntervalSince1970: 1_796_515_199.999))
        #expect(text == "2026-12-05T23:59:59.999Z")
        #expect(try ours.decode(text) == reference.decode(text))
    }
}
