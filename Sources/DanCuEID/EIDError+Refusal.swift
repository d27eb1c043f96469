public import DanCuCore

extension EIDError: Refusal {
    public var status: Int {
        switch self {
        case .authenticationFailed: 401
        case .accountLocked: 423
        case .accountNotFound: 404
        case .conflict: 409
        case .invalid: 422
        }
    }

    public var slug: String {
        switch self {
        case .authenticationFailed: "authentication-failed"
        case .accountLocked: "eid-locked"
        case .accountNotFound: "not-found"
        case .conflict: "eid-conflict"
        case .invalid: "rule-violation"
        }
    }

    public var title: String {
        switch self {
        case .authenticationFailed: "Sign-in failed"
        case .accountLocked: "The eID account is locked"
        case .accountNotFound: "Not found"
        case .conflict: "The eID account cannot do this now"
        case .invalid: "The eID rules refuse this"
        }
    }

    public var violations: [RuleViolation] {
        if case .invalid(let violations) = self { return violations }
        return []
    }

    public var headers: [String: String] {
        self == .authenticationFailed ? ["WWW-Authenticate": #"Bearer realm="dancu-me""#] : [:]
    }
}
