public import DanCuCore

/// How the quality capability refuses.
public enum QualityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of the request is wrong (400).
    case invalid(field: String, detail: String)
    /// No open pair of these two people in the caller's queue (404). A pair outside the caller's
    /// jurisdiction is refused by the gate before this is asked, so the answer tells nothing of it.
    case noOpenPair
    /// The pair was decided meanwhile (409).
    case alreadyDecided

    public var description: String {
        switch self {
        case .invalid(let field, let detail): "\(field): \(detail)"
        case .noOpenPair: "these two people are not an open pair of the review queue"
        case .alreadyDecided: "the pair was decided meanwhile"
        }
    }
}

extension QualityError: Refusal {
    public var status: Int {
        switch self {
        case .invalid: 400
        case .noOpenPair: 404
        case .alreadyDecided: 409
        }
    }

    public var slug: String {
        switch self {
        case .invalid: "invalid-request"
        case .noOpenPair: "not-found"
        case .alreadyDecided: "conflict"
        }
    }

    public var title: String {
        switch self {
        case .invalid: "The request is not valid"
        case .noOpenPair: "Not found"
        case .alreadyDecided: "Conflict"
        }
    }

    public var violations: [RuleViolation] {
        if case .invalid(let field, let detail) = self { return [RuleViolation(field: field, rule: "invalid", detail: detail)] }
        return []
    }
}
