public import DanCuCore

extension ServiceError: Refusal {
    public var status: Int {
        switch self {
        case .invalid: 400
        case .invalidFields: 422
        case .wrongState: 409
        case .unknownApplication, .unknownProcedure, .unknownStep, .unknownAttachment: 404
        case .notAllowed: 403
        }
    }

    public var slug: String {
        switch self {
        case .invalid: "invalid-request"
        case .invalidFields: "invalid-form"
        case .wrongState: "wrong-state"
        case .unknownApplication, .unknownProcedure, .unknownStep, .unknownAttachment: "not-found"
        case .notAllowed: "forbidden"
        }
    }

    public var title: String {
        switch self {
        case .invalid: "The request is not valid"
        case .invalidFields: "The form is not valid"
        case .wrongState: "Not now"
        case .unknownApplication, .unknownProcedure, .unknownStep, .unknownAttachment: "Not found"
        case .notAllowed: "Forbidden"
        }
    }

    public var violations: [RuleViolation] {
        switch self {
        case .invalid(let field, let detail): [RuleViolation(field: field, rule: "invalid", detail: detail)]
        case .invalidFields(let problems): problems
        case .unknownStep(let id): [RuleViolation(field: "step", rule: "unknown", detail: "no step '\(id.prefix(60))' in this procedure")]
        case .unknownAttachment(let code):
            [RuleViolation(field: "attachment", rule: "unknown", detail: "no attachment '\(code.prefix(60))' in this application")]
        default: []
        }
    }
}
