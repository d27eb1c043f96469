public import DanCuCore

extension CardError: Refusal {
    public var status: Int {
        switch self {
        case .cardNotFound: 404
        case .conflict: 409
        case .unavailable: 503
        case .versionConflict: 412
        case .invalid: 422
        }
    }

    public var slug: String {
        switch self {
        case .cardNotFound: "not-found"
        case .conflict: "card-conflict"
        case .unavailable: "cards-unavailable"
        case .versionConflict: "version-conflict"
        case .invalid: "rule-violation"
        }
    }

    public var title: String {
        switch self {
        case .cardNotFound: "Not found"
        case .conflict: "The card cannot do this now"
        case .unavailable: "No card office here"
        case .versionConflict: "The card changed"
        case .invalid: "The card office's rules refuse this"
        }
    }

    public var violations: [RuleViolation] {
        switch self {
        case .versionConflict: [RuleViolation(field: "If-Match", rule: "stale", detail: description)]
        case .invalid(let violations): violations
        default: []
        }
    }
}
