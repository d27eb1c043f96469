/// A register rule that a requested change would break. `field` names the input that broke it.
public struct RuleViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let rule: String
    public let detail: String

    public init(field: String, rule: String, detail: String) {
        self.field = field
        self.rule = rule
        self.detail = detail
    }

    public var description: String { "\(field): \(detail)" }
}
