public import DanCuCore

/// Why the public-service engine refused a request. Each case maps to one HTTP status at the edge.
public enum ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of the request is wrong (400/422).
    case invalid(field: String, detail: String)
    /// Fields of a form that are wrong, each named (400/422).
    case invalidFields([RuleViolation])
    /// The application is not in a state that allows it (409).
    case wrongState(String)
    /// No such application for this caller (404): also the answer about another person's application,
    /// so that a refusal tells nothing of it.
    case unknownApplication
    case unknownProcedure(String)
    case unknownStep(String)
    /// The application has no file of this code (it was not sent, or the procedure takes none such).
    case unknownAttachment(String)
    /// The caller may not do this (403).
    case notAllowed(String)

    public var description: String {
        switch self {
        case .invalid(let field, let detail): "\(field): \(detail)"
        case .invalidFields(let problems): problems.map(\.description).joined(separator: "; ")
        case .wrongState(let detail): detail
        case .unknownApplication: "no such application"
        case .unknownProcedure(let code): "no procedure '\(code.prefix(60))'"
        case .unknownStep(let id): "no step '\(id.prefix(60))' in this procedure"
        case .unknownAttachment(let code): "no attachment '\(code.prefix(60))' in this application"
        case .notAllowed(let detail): detail
        }
    }
}
