/// An error that says how a caller is told of it: the HTTP status and RFC 9457 problem type and title it
/// is answered with, and the fields at fault. Each module's errors conform where they are declared, so
/// that the HTTP edge maps any module's refusal without a switch that knows them all.
public protocol Refusal: Error, CustomStringConvertible {
    /// The HTTP status code (400 bad input, 401, 403, 404, 409, 412, 422 a rule, 423, 428, 429, 503).
    var status: Int { get }
    /// The last part of the problem type, `/problems/<slug>`: stable, for programs to branch on.
    var slug: String { get }
    /// A short title for people, the same for every refusal of this slug.
    var title: String { get }
    /// The fields at fault, each with the rule it broke; empty when no one field is.
    var violations: [RuleViolation] { get }
    /// Response headers the refusal needs (a challenge, a time to wait), by name.
    var headers: [String: String] { get }
}

extension Refusal {
    public var violations: [RuleViolation] { [] }
    public var headers: [String: String] { [:] }
}
