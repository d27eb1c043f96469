import DanCuCore
import DanCuStore
import Foundation

/// Officers' second factor: a TOTP secret (RFC 6238) an administrator enrols, sealed at rest, required
/// at sign-in for the roles the deployment names and for everyone who has one.
extension OfficerAccounts {
    /// Makes a new authenticator secret for `username`, replacing any before, and answers the
    /// `otpauth://` URL for their app: the only time it is shown. Their tokens are revoked, so the next
    /// sign-in uses it.
    public func enrolTOTP(_ username: String, issuer: String = "DanCu") async throws -> String {
        guard let vault else { throw AccessError.forbidden("this deployment has no master key to seal authenticator secrets with") }
        let secret = TOTP.newSecret()
        let sealed = try vault.seal(secret, boundTo: Self.secretOwner(username))
        try await changeAndRevoke(username) { db in
            try db.execute("UPDATE officers SET totp_secret = ?, totp_last_step = NULL WHERE username = ?", [.blob(sealed), .text(username)])
        }
        return TOTP(secret: secret).provisioningURL(account: username, issuer: issuer)
    }

    /// Removes the officer's authenticator (a lost phone); where their role needs one, they cannot sign
    /// in until a new one is enrolled.
    public func removeTOTP(_ username: String) async throws {
        try await changeAndRevoke(username) { db in
            try db.execute("UPDATE officers SET totp_secret = NULL, totp_last_step = NULL WHERE username = ?", [.text(username)])
        }
    }

    static func secretOwner(_ username: String) -> String { "officer/\(username)/totp" }

    /// The time step of a right second-factor code, nil where the officer needs none. Called only after
    /// the password was right.
    func secondFactorStep(_ officer: Officer, row: SQLRow, code: String?, source: String, now: Int64) async throws -> Int64? {
        let sealed: [UInt8]?
        if case .blob(let bytes) = row["totp_secret"] { sealed = bytes } else { sealed = nil }
        guard sealed != nil || policy.secondFactorRoles.contains(officer.role) else { return nil }
        guard let sealed, let vault, let secret = try? vault.open(sealed, boundTo: Self.secretOwner(officer.username)) else {
            throw AccessError.secondFactor("this account needs an authenticator app and has none: ask an administrator to enrol one")
        }
        guard let code, !code.isEmpty else {
            throw AccessError.secondFactor("give the six-digit code from your authenticator app")
        }
        let last = row["totp_last_step"].int ?? -1
        guard code.count == 6, let step = TOTP(secret: secret).matches(code, at: now / 1_000_000), step > last else {
            try await recordFailure(username: officer.username, source: source, now: now)
            throw AccessError.secondFactor("wrong or already used code")
        }
        return step
    }
}
