import DanCuCore
import Foundation

/// Checks one incoming person record (a line of NDJSON): it must decode, and pass the register's
/// validation. The first problem is returned with the field it concerns.
public struct RecordValidator: Sendable {
    public let reference: ReferenceData
    public let today: LocalDate

    public init(reference: ReferenceData, today: LocalDate = Register.today()) {
        self.reference = reference
        self.today = today
    }

    public func check(_ line: String) -> Result<(Person, String), RuleViolation> {
        let person: Person
        do {
            person = try JSONDecoder().decode(Person.self, from: Data(line.utf8))
        } catch let error as DecodingError {
            return .failure(Self.describe(error))
        } catch {
            return .failure(RuleViolation(field: "record", rule: "malformed", detail: "\(error)"))
        }
        if let problem = PersonValidation.validate(person, reference: reference, today: today).first {
            return .failure(problem)
        }
        do {
            return .success((person, try PersonCodec.encode(person)))
        } catch {
            return .failure(RuleViolation(field: "record", rule: "malformed", detail: "\(error)"))
        }
    }

    static func describe(_ error: DecodingError) -> RuleViolation {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return RuleViolation(field: field, rule: "required", detail: "is missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return RuleViolation(field: path(context.codingPath), rule: "type", detail: context.debugDescription)
        case .dataCorrupted(let context):
            let field = context.codingPath.isEmpty ? "record" : path(context.codingPath)
            let detail = context.debugDescription
            return RuleViolation(field: field, rule: "invalid", detail: field == "record" ? "not valid JSON" : detail)
        @unknown default:
            return RuleViolation(field: "record", rule: "invalid", detail: "\(error)")
        }
    }
}
