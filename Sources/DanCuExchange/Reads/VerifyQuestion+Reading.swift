public import DanCuCore
public import Foundation

/// A member's question that is not well formed, naming the member of the object at fault.
public struct QuestionProblem: Error, Sendable, Equatable {
    public let field: String
    public let detail: String
    public let rule: String

    public init(field: String, detail: String, rule: String) {
        self.field = field
        self.detail = detail
        self.rule = rule
    }
}

/// Reads a verify question, strictly, from the JSON object a member sent, for one verification or one
/// line of a batch alike: a personal number and any of the fields a member may compare; anything else,
/// or a value of the wrong shape, is refused naming its member.
extension VerifyQuestion {
    public static let members: Set<String> = ["personalNumber", "name", "dateOfBirth", "sex", "legacyIdNumber", "cardNumber"]

    /// Reads one line of JSON: RFC 8259, one object, only `members`.
    public static func read(json bytes: some DataProtocol) throws(QuestionProblem) -> VerifyQuestion {
        let data = Data(bytes)
        if let offset = StrictJSON.trailingComma(in: data) {
            throw QuestionProblem(field: "body", detail: "a trailing comma at byte \(offset)", rule: "json")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw QuestionProblem(field: "body", detail: "send a JSON object", rule: "json")
        }
        if let unknown = object.keys.sorted().first(where: { !members.contains($0) }) {
            throw QuestionProblem(
                field: String(unknown.prefix(60)), detail: "is not a field of a verification: use \(members.sorted().joined(separator: ", "))",
                rule: "unknown")
        }
        return try read(object)
    }

    public static func read(_ object: [String: Any]) throws(QuestionProblem) -> VerifyQuestion {
        func text(_ name: String, max: Int) throws(QuestionProblem) -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value as? String, (1...max).contains(text.count) else {
                throw QuestionProblem(field: name, detail: "write text of 1 to \(max) characters", rule: "text")
            }
            return text
        }
        guard let numberText = try text("personalNumber", max: 12) else {
            throw QuestionProblem(field: "personalNumber", detail: "is required", rule: "required")
        }
        let number: PersonalNumber
        do { number = try PersonalNumber(numberText) } catch {
            throw QuestionProblem(field: "personalNumber", detail: error.description, rule: "personalNumber")
        }
        var question = VerifyQuestion(personalNumber: number)
        question.name = try text("name", max: 200).map(\.nfc)
        if let date = try text("dateOfBirth", max: 10) {
            do { question.dateOfBirth = try PartialDate(iso: date) } catch {
                throw QuestionProblem(field: "dateOfBirth", detail: "write a date (1950-07-12), a month (1950-07) or a year (1950)", rule: "partialDate")
            }
        }
        if let sex = try text("sex", max: 10) {
            guard let parsed = Sex(rawValue: sex) else { throw QuestionProblem(field: "sex", detail: "is male or female", rule: "sex") }
            question.sex = parsed
        }
        question.legacyIdNumber = try text("legacyIdNumber", max: 20)
        question.cardNumber = try text("cardNumber", max: 20)
        return question
    }
}
