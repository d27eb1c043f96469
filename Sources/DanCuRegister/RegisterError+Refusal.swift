public import DanCuCore

extension RegisterError: Refusal {
    public var status: Int {
        switch self {
        case .personNotFound, .householdNotFound: 404
        case .versionConflict: 412
        case .duplicate: 409
        case .invalid: 422
        }
    }

    public var slug: String {
        switch self {
        case .personNotFound, .householdNotFound: "not-found"
        case .versionConflict: "version-conflict"
        case .duplicate: "duplicate"
        case .invalid: "rule-violation"
        }
    }

    public var title: String {
        switch self {
        case .personNotFound, .householdNotFound: "Not found"
        case .versionConflict: "The record changed"
        case .duplicate: "Already registered"
        case .invalid: "The register's rules refuse this"
        }
    }

    public var violations: [RuleViolation] {
        switch self {
        case .personNotFound, .householdNotFound: []
        case .versionConflict: [RuleViolation(field: "If-Match", rule: "stale", detail: description)]
        case .duplicate(let violation): [violation]
        case .invalid(let violations): violations
        }
    }
}
