public import DanCuCore
import DanCuStore

extension AccessError: Refusal {
    public var status: Int {
        switch self {
        case .unauthenticated, .secondFactor: 401
        case .throttled: 429
        case .forbidden: 403
        case .invalid(let field, let detail): field == "Idempotency-Key" && detail.contains("different") ? 422 : 400
        case .officerNotFound: 404
        case .officerExists: 409
        case .preconditionRequired: 428
        }
    }

    public var slug: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .secondFactor, .invalid: "invalid-request"
        case .throttled: "sign-in-throttled"
        case .forbidden: "forbidden"
        case .officerNotFound: "not-found"
        case .officerExists: "conflict"
        case .preconditionRequired: "precondition-required"
        }
    }

    public var title: String {
        switch self {
        case .unauthenticated: "Authentication needed"
        case .secondFactor, .invalid: "The request is not valid"
        case .throttled: "Too many failed sign-ins"
        case .forbidden: "Not allowed"
        case .officerNotFound: "Not found"
        case .officerExists: "Already exists"
        case .preconditionRequired: "If-Match is required"
        }
    }

    public var violations: [RuleViolation] {
        switch self {
        case .secondFactor(let why): [RuleViolation(field: "totp", rule: "invalid", detail: why)]
        case .invalid(let field, let detail): [RuleViolation(field: field, rule: "invalid", detail: detail)]
        case .preconditionRequired(let why): [RuleViolation(field: "If-Match", rule: "required", detail: why)]
        default: []
        }
    }

    public var headers: [String: String] {
        switch self {
        case .unauthenticated, .secondFactor: ["WWW-Authenticate": #"Bearer realm="dancu""#]
        case .throttled(let until): ["Retry-After": String(max(1, (until - WallClock.nowMicros()) / 1_000_000))]
        default: [:]
        }
    }
}
