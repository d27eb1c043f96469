import DanCuAccess
import DanCuCore
import DanCuStore
public import Foundation

extension EIDService {
    /// Checks the password. Every failure counts; after `freeFailures` in a row each further one makes
    /// the account wait, doubling from `firstWaitSeconds` up to `maxWaitSeconds`, and the right password
    /// is refused while it waits. An unknown identifier, a wrong password and a waiting account all get
    /// the same answer after the same work, so none of them tells whether the account exists.
    public func authenticate(_ subject: String, password: String) async throws -> EIDAccount {
        try await check(subject, method: "password") { row in
            guard let hash = row?["password_hash"].string else {
                _ = hasher.verify(password, against: decoyHash)
                return false
            }
            return hasher.verify(password, against: hash)
        }
    }

    /// A holder signing in with their password at one of DanCu's pages: the account (its level, status
    /// and contacts) is read for them, so a sign-in is in their access log as their own act. A failed
    /// attempt identifies no one yet; it is in the account's authentication history, which the holder
    /// sees beside the access log.
    public func signIn(_ subject: String, password: String, requestId: String) async throws -> EIDAccount {
        let account = try await authenticate(subject, password: password)
        try await gate.recordOwnAccess("self-sign-in", fields: ["eidAccount"], for: .holder(account.subject, requestId: requestId))
        return account
    }

    /// The six-digit passcode that confirms an action after login.
    public func confirm(_ subject: String, passcode: String) async throws -> EIDAccount {
        try await check(subject, method: "passcode") { row in
            guard let hash = row?["passcode_hash"].string else {
                _ = hasher.verify(passcode, against: decoyHash)
                return false
            }
            return hasher.verify(passcode, against: hash)
        }
    }

    /// A TOTP code from the holder's authenticator app; a code is accepted once.
    public func authenticate(_ subject: String, totp code: String, at unixSeconds: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> EIDAccount {
        let vault = self.vault
        var usedStep: Int64?
        let account = try await check(subject, method: "totp") { row in
            guard let row, case .blob(let sealed) = row["totp_secret"], let secret = try? vault.open(sealed, boundTo: subject) else { return false }
            guard let step = TOTP(secret: secret).matches(code, at: unixSeconds), step > (row["totp_last_step"].int ?? -1) else { return false }
            usedStep = step
            return true
        }
        if let usedStep {
            try await store.write { db in
                try db.execute("UPDATE eid_accounts SET totp_last_step = ? WHERE subject = ?", [.int(usedStep), .text(subject)])
            }
        }
        return account
    }

    /// Sets the six-digit passcode (after a password login).
    public func setPasscode(_ subject: String, _ passcode: String) async throws {
        guard passcode.count == 6, passcode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw EIDError.invalid([RuleViolation(field: "passcode", rule: "sixDigits", detail: "six digits")])
        }
        guard Set(passcode).count > 1, !"0123456789".contains(passcode), !"9876543210".contains(passcode) else {
            throw EIDError.invalid([RuleViolation(field: "passcode", rule: "guessable", detail: "not one digit repeated, nor a run like 123456")])
        }
        let hash = hasher.hash(passcode)
        try await updateSecret(subject, column: "passcode_hash", value: .text(hash), method: "set-passcode")
    }

    /// Makes a TOTP secret and returns the `otpauth://` URL for the holder's app.
    public func enrolTOTP(_ subject: String) async throws -> String {
        let secret = TOTP.newSecret()
        try await updateSecret(subject, column: "totp_secret", value: .blob(try vault.seal(secret, boundTo: subject)), method: "enrol-totp")
        return TOTP(secret: secret).provisioningURL(account: subject)
    }

    /// The holder's authentication history, newest first.
    public func history(_ subject: String, limit: Int = 50) async throws -> [(at: Int64, method: String, outcome: String, detail: String?)] {
        try await store.read { db in
            try db.query(
                "SELECT at, method, outcome, detail FROM eid_auth_events WHERE subject = ? ORDER BY id DESC LIMIT ?",
                [.text(subject), .int(Int64(limit))]
            )
            .map { (try $0.int("at"), try $0.string("method"), try $0.string("outcome"), $0["detail"].string) }
        }
    }

    func updateSecret(_ subject: String, column: String, value: SQLValue, method: String) async throws {
        try await store.write { db in
            guard try Self.load(subject, in: db) != nil else { throw EIDError.accountNotFound(subject) }
            try db.execute("UPDATE eid_accounts SET \(column) = ?, version = version + 1 WHERE subject = ?", [value, .text(subject)])
            try Self.event(subject, method: method, outcome: "done", detail: nil, in: db)
        }
    }

    /// One authentication attempt: throttled accounts wait, locked ones are refused after the secret is
    /// checked (so a lock says nothing to someone without the secret), failures count and throttle.
    func check(_ subject: String, method: String, _ verify: (SQLRow?) throws -> Bool) async throws -> EIDAccount {
        let row = try await store.read { db in
            try db.queryOne(
                """
                SELECT password_hash, passcode_hash, totp_secret, totp_last_step, status, lock_reason, failures, throttled_until
                FROM eid_accounts WHERE subject = ?
                """, [.text(subject)])
        }
        let now = clock.nowMicros()
        if let until = row?["throttled_until"].int, until > now {
            _ = try verify(nil)
            throw EIDError.authenticationFailed
        }
        guard try verify(row), row != nil else {
            if row != nil {
                let policy = self.policy
                try await store.write { db in
                    try db.execute("UPDATE eid_accounts SET failures = failures + 1 WHERE subject = ?", [.text(subject)])
                    let failures = try db.queryOne("SELECT failures FROM eid_accounts WHERE subject = ?", [.text(subject)])?.int("failures") ?? 0
                    if failures >= Int64(policy.freeFailures) {
                        let doublings = min(failures - Int64(policy.freeFailures), 20)
                        let wait = min(policy.firstWaitSeconds << doublings, policy.maxWaitSeconds)
                        try db.execute("UPDATE eid_accounts SET throttled_until = ? WHERE subject = ?", [.int(now + wait * 1_000_000), .text(subject)])
                    }
                    try Self.event(subject, method: method, outcome: "failed", detail: nil, in: db)
                }
            }
            throw EIDError.authenticationFailed
        }
        return try await store.write { db in
            try db.execute("UPDATE eid_accounts SET failures = 0, throttled_until = 0 WHERE subject = ?", [.text(subject)])
            guard let account = try Self.load(subject, in: db) else { throw EIDError.authenticationFailed }
            guard account.status == .active else {
                try Self.event(subject, method: method, outcome: "refused-locked", detail: nil, in: db)
                throw EIDError.accountLocked(account.lockReason ?? "locked")
            }
            try Self.event(subject, method: method, outcome: "ok", detail: nil, in: db)
            return account
        }
    }
}
