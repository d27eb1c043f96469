import DanCuExchange
import Foundation

/// Reads a subscription request strictly: known members only, each of its type, refused naming it.
enum SubscriptionBody {
    static let members: Set<String> = ["kinds", "provinceCode", "watch", "endpoint", "scheme", "fields"]

    static func read(_ object: [String: Any]) throws -> Subscription.Request {
        func texts(_ name: String) throws -> [String]? {
            guard let value = object[name] else { return nil }
            guard let list = value as? [Any], let texts = list as? [String] else { throw Problem.badField(name, "write a list of text", rule: "list") }
            return texts
        }
        func text(_ name: String) throws -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value as? String else { throw Problem.badField(name, "write text", rule: "text") }
            return text
        }
        guard let kinds = try texts("kinds") else { throw Problem.badField("kinds", "is required", rule: "required") }
        guard let fields = try texts("fields") else { throw Problem.badField("fields", "is required", rule: "required") }
        return Subscription.Request(
            kinds: kinds, provinceCode: try text("provinceCode"), watch: try texts("watch"), endpoint: try text("endpoint"), scheme: try text("scheme"),
            fields: fields)
    }
}
