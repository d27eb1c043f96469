public import DanCuAccess
import DanCuCore
public import DanCuRegister
import Foundation

/// One sign-in event of the holder's account history.
public struct AuthenticationEvent: Hashable, Sendable, Codable {
    /// Microseconds since 1970.
    public let at: Int64
    public let method: String
    public let outcome: String
    public let detail: String?
}

/// The holder's eID account and where it is signed in.
public struct MyAccount: Hashable, Sendable, Codable {
    public let account: EIDAccount
    public let sessions: [SignedInSession]
}

/// Citizen self-service (`/me`): the holder, signed in with their eID, sees what the register holds
/// about them, their account and sessions, their consents (and withdraws them), their sign-in history
/// and who used their data and why; and locks their eID. Every read passes the gate as the citizen
/// with the purpose `self-service` and is logged.
public struct CitizenSelfService: Sendable {
    let eid: EIDService
    let provider: OIDCProvider
    let gate: Gate

    public init(eid: EIDService, provider: OIDCProvider, gate: Gate) {
        self.eid = eid
        self.provider = provider
        self.gate = gate
    }

    /// The lock reason a holder's own lock carries; only such a lock can the holder lift.
    public static let holderLock = "locked by the holder"

    // MARK: Signing in

    /// Password sign-in; answers the session's secret handle (the cookie or bearer token) and the session.
    /// Organisation accounts have no self-service.
    public func signIn(_ username: String, password: String, requestId: String) async throws -> (token: String, session: BrowserSession) {
        let account = try await eid.signIn(username, password: password, requestId: requestId)
        guard account.kind != .organisation else {
            throw EIDError.invalid([RuleViolation(field: "username", rule: "notAPerson", detail: "self-service is for people, not organisations")])
        }
        let (token, session) = try await provider.startSession(account: account.subject, amr: ["pwd"])
        return (token, session)
    }

    /// The live session behind a handle, or nil.
    public func session(_ token: String) async throws -> BrowserSession? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        return try await provider.session(token)
    }

    public func signOut(_ token: String) async throws { try await provider.endSession(token) }

    // MARK: Reading

    public func record(_ session: BrowserSession, requestId: String) async throws -> VersionedPerson {
        try await gate.ownRecord(for: request(session, requestId))
    }

    /// A foreigner's residence card as their account holds it; nil for citizens (their record is the register's).
    public func residenceCard(_ session: BrowserSession, requestId: String) async throws -> ResidenceCard? {
        guard session.account.hasPrefix(ResidenceCard.subjectPrefix) else { return nil }
        try await gate.recordOwnAccess("self-read-residence-card", fields: ["residenceCard"], for: request(session, requestId))
        return try await eid.residenceCard(session.account)
    }

    public func account(_ session: BrowserSession, requestId: String) async throws -> MyAccount {
        try await gate.recordOwnAccess("self-read-eid", fields: ["eidAccount", "sessions"], for: request(session, requestId))
        return MyAccount(account: try await eid.account(session.account), sessions: try await provider.sessions(of: session.account))
    }

    public func consents(_ session: BrowserSession, requestId: String) async throws -> [Consent] {
        try await gate.recordOwnAccess("self-read-consents", fields: ["consents"], for: request(session, requestId))
        return try await provider.consents(of: session.account)
    }

    public func authentications(_ session: BrowserSession, limit: Int = 50, requestId: String) async throws -> [AuthenticationEvent] {
        try await gate.recordOwnAccess("self-read-authentications", fields: ["authenticationHistory"], for: request(session, requestId))
        return try await eid.history(session.account, limit: limit).map {
            AuthenticationEvent(at: $0.at, method: $0.method, outcome: $0.outcome, detail: $0.detail)
        }
    }

    /// Who touched the holder's data, newest first.
    public func accessLog(_ session: BrowserSession, before: Int64?, limit: Int, requestId: String) async throws -> [AccessLogEntry] {
        try await gate.ownAccessLog(before: before, limit: limit, for: request(session, requestId))
    }

    // MARK: Acting

    /// Withdraws the consent given to `clientId`: its tokens stop working at once. False when there
    /// was no live consent.
    public func withdrawConsent(_ session: BrowserSession, from clientId: String, requestId: String) async throws -> Bool {
        try await gate.recordOwnAccess("self-withdraw-consent", fields: ["consents"], for: request(session, requestId))
        return try await provider.withdrawConsent(of: session.account, from: clientId)
    }

    /// Signs the holder out on every browser and app.
    public func signOutEverywhere(_ session: BrowserSession, requestId: String) async throws {
        try await gate.recordOwnAccess("self-end-sessions", fields: ["sessions"], for: request(session, requestId))
        try await provider.endSessions(of: session.account)
    }

    /// Adds an authenticator app (TOTP), after the password again: a stolen session alone cannot add a
    /// device. Answers the `otpauth://` URL for the app.
    public func enrolAuthenticatorApp(_ session: BrowserSession, password: String, requestId: String) async throws -> String {
        _ = try await eid.authenticate(session.account, password: password)
        try await gate.recordOwnAccess("self-enrol-totp", fields: ["authenticators"], for: request(session, requestId))
        return try await eid.enrolTOTP(session.account)
    }

    /// The holder, as an organisation's legal representative, makes its one account (Decree 69: the
    /// representative's own account must be level 2). The business registry is not connected here: the
    /// code is checked for its form, and the account records who made it.
    public func registerOrganisation(
        _ session: BrowserSession, code: String, contact: Contact, password: String,
        requestId: String
    ) async throws -> EIDAccount {
        guard try await eid.account(session.account).level == .level2 else {
            throw EIDError.invalid([
                RuleViolation(
                    field: "representative", rule: "level2Required",
                    detail: "an organisation's account is made by its legal representative with a level-2 account")
            ])
        }
        try await gate.recordOwnAccess("self-register-organisation", fields: ["organisationAccount"], for: request(session, requestId))
        return try await eid.registerOrganisation(code: code, contact: contact, password: password, representative: session.account)
    }

    /// The holder locks their eID (a lost phone, a password seen by someone): every session ends, every
    /// token issued for the account stops working, and signing in is refused until it is unlocked.
    public func lock(_ session: BrowserSession, requestId: String) async throws -> EIDAccount {
        let grant = try await gate.grant(
            request(session, requestId), .ownData(subject: session.account), subject: session.account,
            action: "self-lock-eid", fields: ["eidAccount"])
        return try await eid.lock(session.account, grant: grant, reason: Self.holderLock)
    }

    /// The holder lifts their own lock with the password and the passcode (both are checked, and count
    /// as failures when wrong, even though the account is locked). A lock placed by an officer or by
    /// the register (a death) is lifted only by an officer.
    public func unlock(_ username: String, password: String, passcode: String, requestId: String) async throws -> EIDAccount {
        let reason = try await lockedReason { try await eid.authenticate(username, password: password) }
        _ = try await lockedReason { try await eid.confirm(username, passcode: passcode) }
        guard let reason, reason == "\(Self.holderLock) (\(username))" else {
            if reason == nil { throw EIDError.conflict("the account is not locked") }
            throw EIDError.accountLocked("locked by an officer or by the register: unlock it in person at the police")
        }
        let grant = try await gate.grant(
            .holder(username, requestId: requestId), .ownData(subject: username), subject: username, action: "self-unlock-eid", fields: ["eidAccount"])
        return try await eid.unlock(username, grant: grant)
    }

    /// Runs a secret check that passes on a locked account by answering `accountLocked`: the lock's
    /// reason, or nil when the account is not locked.
    func lockedReason(_ check: () async throws -> EIDAccount) async throws -> String? {
        do {
            _ = try await check()
            return nil
        } catch EIDError.accountLocked(let reason) { return reason }
    }

    func request(_ session: BrowserSession, _ requestId: String) -> AccessRequest {
        .holder(session.account, requestId: requestId)
    }
}
