public import DanCuCore

/// Why the registry refused an administrator's change.
public enum ExchangeError: Error, Equatable, Sendable {
    case memberExists(String)
    case unknownMember(String)
    case memberDisabled(String)
    case subsystemExists(String)
    case unknownSubsystem(String)
    case keyExists(String)
    case unknownKey(String)
    case keyRevoked(String)
    case legalDocumentExists(String)
    case unknownLegalDocument(String)
    case unknownGrant(Int64)
    case grantRevoked(Int64)
    case unknownSubscription(Int64)
    case recordTypeExists(String)
    case invalid(RuleViolations)
}

extension ExchangeError: Refusal {
    public var status: Int {
        switch self {
        case .memberExists, .subsystemExists, .keyExists, .memberDisabled, .keyRevoked, .legalDocumentExists, .grantRevoked, .recordTypeExists: 409
        case .unknownMember, .unknownSubsystem, .unknownKey, .unknownLegalDocument, .unknownGrant, .unknownSubscription: 404
        case .invalid: 422
        }
    }

    public var slug: String {
        switch self {
        case .memberExists, .subsystemExists, .keyExists, .legalDocumentExists, .recordTypeExists: "exchange-exists"
        case .unknownMember, .unknownSubsystem, .unknownKey, .unknownLegalDocument, .unknownGrant, .unknownSubscription: "exchange-not-found"
        case .memberDisabled: "exchange-member-disabled"
        case .keyRevoked: "exchange-key-revoked"
        case .grantRevoked: "exchange-grant-revoked"
        case .invalid: "exchange-invalid"
        }
    }

    public var title: String {
        switch self {
        case .memberExists, .subsystemExists, .keyExists, .legalDocumentExists, .recordTypeExists: "Already registered"
        case .unknownMember, .unknownSubsystem, .unknownKey, .unknownLegalDocument, .unknownGrant, .unknownSubscription: "Not registered"
        case .memberDisabled: "The member system is disabled"
        case .keyRevoked: "The key is revoked"
        case .grantRevoked: "The grant is revoked"
        case .invalid: "The member system's data is not valid"
        }
    }

    public var violations: [RuleViolation] {
        if case .invalid(let problems) = self { return problems.violations }
        return []
    }

    public var description: String {
        switch self {
        case .memberExists(let code): "member \(code) is registered already"
        case .unknownMember(let code): "no member \(code)"
        case .memberDisabled(let code): "member \(code) is disabled"
        case .subsystemExists(let id): "subsystem \(id) is registered already"
        case .unknownSubsystem(let id): "no subsystem \(id)"
        case .keyExists(let kid): "a key \(kid) is registered already (key ids are never reused)"
        case .unknownKey(let kid): "no key \(kid)"
        case .keyRevoked(let kid): "key \(kid) is revoked already"
        case .legalDocumentExists(let code): "a legal document \(code) is registered already"
        case .unknownLegalDocument(let code): "no legal document \(code)"
        case .unknownGrant(let id): "no grant #\(id)"
        case .grantRevoked(let id): "grant #\(id) is revoked already"
        case .unknownSubscription(let id): "no live subscription \(id) of this subsystem"
        case .recordTypeExists(let code): "a record type \(code) is in the catalogue already"
        case .invalid(let problems): problems.description
        }
    }
}
