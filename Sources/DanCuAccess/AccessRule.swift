import DanCuCore

/// One check of an access policy: nil lets the request pass, a text says why it is refused.
/// `purpose` is nil only for needs that do not require one (`Need.administration`).
public protocol AccessRule: Sendable {
    func refusal(of officer: Officer, for purpose: Purpose?) -> String?
}

/// The officer's role works on people's data (police officers and the system's own jobs).
public struct WorksOnPersonalData: AccessRule {
    /// What is refused, in the refusal's words: "people's register data", "identity cards".
    let what: String
    public init(what: String) { self.what = what }
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        officer.role.handlesPersonalData ? nil : "the role \(officer.role.rawValue) does not work on \(what)"
    }
}

/// The purpose 'audit' opens the access log and nothing else.
public struct NotForAudit: AccessRule {
    public init() {}
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        purpose == .audit ? "the purpose 'audit' is for reading the access log" : nil
    }
}

/// The request's purpose is one of `purposes`.
public struct PurposeAmong: AccessRule {
    let purposes: Set<Purpose>
    let why: String
    public init(_ purposes: Set<Purpose>, else why: String) {
        self.purposes = purposes
        self.why = why
    }
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        purpose.map(purposes.contains) == true ? nil : why
    }
}

/// The officer's role is one of `roles`.
public struct RoleAmong: AccessRule {
    let roles: Set<Role>
    let why: String
    public init(_ roles: Set<Role>, else why: String) {
        self.roles = roles
        self.why = why
    }
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        roles.contains(officer.role) ? nil : why
    }
}

/// The officer's jurisdiction covers `area` (where the person lives or was registered).
public struct Within: AccessRule {
    let area: Area
    public init(_ area: Area) { self.area = area }
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        officer.jurisdiction.covers(area) ? nil : "outside the officer's jurisdiction (\(officer.jurisdiction))"
    }
}

/// The actor is the citizen `subject`, signed in with their eID.
public struct IsTheSubject: AccessRule {
    let subject: String
    public init(_ subject: String) { self.subject = subject }
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        officer.role == .citizen && officer.username == subject ? nil : "a citizen reads only their own data"
    }
}

/// Only when `condition` holds does the request need `rule` (card work other than reading needs the
/// purpose 'identity-card').
public struct When: AccessRule {
    let condition: Bool
    let rule: any AccessRule
    public init(_ condition: Bool, _ rule: any AccessRule) {
        self.condition = condition
        self.rule = rule
    }
    public func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        condition ? rule.refusal(of: officer, for: purpose) : nil
    }
}
