import DanCuCore
import DanCuExchange
import Foundation

/// Reads a verify question from a request's JSON object (`VerifyQuestion.read`), its refusal a problem
/// naming the member at fault.
enum VerifyBody {
    static var members: Set<String> { VerifyQuestion.members }

    static func read(_ object: [String: Any]) throws -> VerifyQuestion {
        do { return try VerifyQuestion.read(object) } catch { throw Problem.badField(error.field, error.detail, rule: error.rule) }
    }
}
