import DanCuExchange
import Foundation
import Testing

@testable import DanCuWeb

/// The verification's answer written directly is the encoder's answer, byte for byte, for every set of
/// fields a question can ask, every outcome and an unknown number.
@Suite struct VerifyAnswerJSONTests {
    @Test func theDirectTextIsTheEncodersBytes() throws {
        let names = ["name", "dateOfBirth", "sex", "legacyIdNumber", "cardNumber"]
        let outcomes: [VerifyAnswer.Outcome] = [.match, .noMatch, .partialMatch]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for subset in 0..<(1 << names.count) {
            var fields: [String: VerifyAnswer.Outcome] = [:]
            for (i, name) in names.enumerated() where subset & (1 << i) != 0 { fields[name] = outcomes[(subset + i) % outcomes.count] }
            for (number, alive) in [(VerifyAnswer.Outcome.match, true), (.match, false), (.noMatch, nil)] as [(VerifyAnswer.Outcome, Bool?)] {
                let answer = VerifyAnswerJSON(VerifyAnswer(personalNumber: number, fields: fields, alive: alive))
                #expect(answer.text == String(decoding: try encoder.encode(answer), as: UTF8.self), "\(fields) \(String(describing: alive))")
            }
        }
    }
}
