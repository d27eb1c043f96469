public import DanCuCore
public import Foundation

/// Reads a verify question, strictly, from the JSON object a member sent, for one verification or one
/// line of a batch alike: a personal number and any of the fields a member may compare; anything else,
/// or a value of the wrong shape, is refused naming its member.
extension VerifyQuestion {
    public static let members: Set<String> = ["personalNumber", "name", "dateOfBirth", "sex", "legacyIdNumber", "cardNumber"]

    /// Reads one line of JSON: RFC 8259, one object, only `members`.
    public static func read(json bytes: some DataProtocol) throws(RuleViolation) -> VerifyQuestion {
        try read(try StrictJSON.object(Data(bytes), allowed: members, what: "a verification"))
    }

    public static func read(_ object: [String: Any]) throws(RuleViolation) -> VerifyQuestion {
        func text(_ name: String, max: Int) throws(RuleViolation) -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value as? String, (1...max).contains(text.count) else {
                throw RuleViolation(field: name, rule: "text", detail: "write text of 1 to \(max) characters")
            }
            return text
        }
        guard let numberText = try text("personalNumber", max: 12) else {
            throw RuleViolation(field: "personalNumber", rule: "required", detail: "is required")
        }
        let number: PersonalNumber
        do { number = try PersonalNumber(numberText) } catch {
            throw RuleViolation(field: "personalNumber", rule: "personalNumber", detail: error.description)
        }
        var question = VerifyQuestion(personalNumber: number)
        question.name = try text("name", max: 200).map(\.nfc)
        if let date = try text("dateOfBirth", max: 10) {
            do { question.dateOfBirth = try PartialDate(iso: date) } catch {
                throw RuleViolation(field: "dateOfBirth", rule: "partialDate", detail: "write a date (1950-07-12), a month (1950-07) or a year (1950)")
            }
        }
        if let sex = try text("sex", max: 10) {
            guard let parsed = Sex(rawValue: sex) else { throw RuleViolation(field: "sex", rule: "sex", detail: "is male or female") }
            question.sex = parsed
        }
        question.legacyIdNumber = try text("legacyIdNumber", max: 20)
        question.cardNumber = try text("cardNumber", max: 20)
        return question
    }
}
