import DanCuCore
import DanCuExchange
import Foundation

/// Reads a verify question, strictly: an object with a personal number and any of the fields a member
/// may compare; anything else, or a value of the wrong shape, is refused naming its member.
enum VerifyBody {
    static let members: Set<String> = ["personalNumber", "name", "dateOfBirth", "sex", "legacyIdNumber", "cardNumber"]

    static func read(_ object: [String: Any]) throws -> VerifyQuestion {
        func text(_ name: String, max: Int) throws -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value as? String, (1...max).contains(text.count) else {
                throw Problem.badField(name, "write text of 1 to \(max) characters", rule: "text")
            }
            return text
        }
        guard let numberText = try text("personalNumber", max: 12) else {
            throw Problem.badField("personalNumber", "is required", rule: "required")
        }
        let number: PersonalNumber
        do { number = try PersonalNumber(numberText) } catch { throw Problem.badField("personalNumber", error.description, rule: "personalNumber") }
        var question = VerifyQuestion(personalNumber: number)
        question.name = try text("name", max: 200).map(\.nfc)
        if let date = try text("dateOfBirth", max: 10) {
            do { question.dateOfBirth = try PartialDate(iso: date) } catch {
                throw Problem.badField("dateOfBirth", "write a date (1950-07-12), a month (1950-07) or a year (1950)", rule: "partialDate")
            }
        }
        if let sex = try text("sex", max: 10) {
            guard let parsed = Sex(rawValue: sex) else { throw Problem.badField("sex", "is male or female", rule: "sex") }
            question.sex = parsed
        }
        question.legacyIdNumber = try text("legacyIdNumber", max: 20)
        question.cardNumber = try text("cardNumber", max: 20)
        return question
    }
}
