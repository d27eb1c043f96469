import Crypto
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuTestSupport
import Foundation
import Synchronization
import Testing

/// Officers' second factor: required by role as configured, and for anyone who enrolled one; codes
/// used once; wrong codes throttled like wrong passwords; an enrolment revokes the old tokens.
@Suite struct OfficerSecondFactorTests {
    /// A clock the test moves.
    final class Hands: Sendable {
        let micros = Mutex<Int64>(1_796_000_000 * 1_000_000)
        var clock: CivilClock { CivilClock { self.micros.withLock { $0 } } }
        func advance(seconds: Int64) { micros.withLock { $0 += seconds * 1_000_000 } }
        var unixSeconds: Int64 { micros.withLock { $0 } / 1_000_000 }
    }

    static func accounts(_ f: GateFixture, roles: Set<Role>, hands: Hands) -> OfficerAccounts {
        var policy = OfficerAccounts.Policy()
        policy.secondFactorRoles = roles
        return OfficerAccounts(
            store: f.register.store, hasher: PasswordHasher(cost: 4), policy: policy, clock: hands.clock,
            vault: DataVault(masterKey: SymmetricKey(size: .bits256), purpose: "officer secrets"))
    }

    @Test(arguments: Backend.all) func aRoleThatNeedsASecondFactorSignsInOnlyWithAFreshCode(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let hands = Hands()
            let accounts = Self.accounts(f, roles: [.centralOfficer], hands: hands)
            // Without an authenticator the right password is not enough, and the answer says what to do.
            await #expect(throws: AccessError.secondFactor("this account needs an authenticator app and has none: ask an administrator to enrol one")) {
                try await accounts.login(username: "central", password: GateFixture.password)
            }
            // Other roles sign in as before.
            _ = try await accounts.login(username: "auditor", password: GateFixture.password)

            let before = try await accounts.login(username: "auditor", password: GateFixture.password)
            let url = try await accounts.enrolTOTP("central")
            #expect(url.hasPrefix("otpauth://totp/DanCu%3Acentral?secret="))
            let totp = TOTP(secret: try AuthenticatorApp.secret(of: url))
            await #expect(throws: AccessError.secondFactor("give the six-digit code from your authenticator app")) {
                try await accounts.login(username: "central", password: GateFixture.password)
            }
            let wrong = totp.code(at: hands.unixSeconds + 300)
            await #expect(throws: AccessError.secondFactor("wrong or already used code")) {
                try await accounts.login(username: "central", password: GateFixture.password, totp: wrong)
            }
            let code = totp.code(at: hands.unixSeconds)
            let session = try await accounts.login(username: "central", password: GateFixture.password, totp: code)
            #expect(session.officer.username == "central")
            // The same code, again within its step: refused.
            await #expect(throws: AccessError.secondFactor("wrong or already used code")) {
                try await accounts.login(username: "central", password: GateFixture.password, totp: code)
            }
            hands.advance(seconds: 30)
            _ = try await accounts.login(username: "central", password: GateFixture.password, totp: totp.code(at: hands.unixSeconds))
            // A wrong password with the right code is still a wrong password, and says nothing of the code.
            hands.advance(seconds: 30)
            await #expect(throws: AccessError.unauthenticated("wrong username or password")) {
                try await accounts.login(username: "central", password: "not the password at all", totp: totp.code(at: hands.unixSeconds))
            }
            #expect(try await accounts.authenticate(token: before.token).username == "auditor")
        }
    }

    @Test(arguments: Backend.all) func anEnrolledAuthenticatorIsNeededWhateverTheRoleUntilRemoved(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let hands = Hands()
            let accounts = Self.accounts(f, roles: [], hands: hands)
            let old = try await accounts.login(username: "commune.a", password: GateFixture.password)
            let totp = TOTP(secret: try AuthenticatorApp.secret(of: try await accounts.enrolTOTP("commune.a")))
            // Enrolling revokes the tokens issued before it.
            await #expect(throws: AccessError.self) { try await accounts.authenticate(token: old.token) }
            await #expect(throws: AccessError.self) { try await accounts.login(username: "commune.a", password: GateFixture.password) }
            _ = try await accounts.login(username: "commune.a", password: GateFixture.password, totp: totp.code(at: hands.unixSeconds))
            try await accounts.removeTOTP("commune.a")
            _ = try await accounts.login(username: "commune.a", password: GateFixture.password)
        }
    }

    /// Guessing codes is throttled like guessing passwords: after the free failures from one source, that
    /// source waits even with the right code, while another source signs in.
    @Test func wrongCodesAreThrottledPerSource() async throws {
        try await GateFixture.with(.sqlite) { f in
            let hands = Hands()
            let accounts = Self.accounts(f, roles: [.provinceOfficer], hands: hands)
            let totp = TOTP(secret: try AuthenticatorApp.secret(of: try await accounts.enrolTOTP("province.01")))
            let right = totp.code(at: hands.unixSeconds)
            let wrong = right == "000000" ? "111111" : "000000"
            for _ in 0..<accounts.policy.freeFailures {
                await #expect(throws: AccessError.secondFactor("wrong or already used code")) {
                    try await accounts.login(username: "province.01", password: GateFixture.password, totp: wrong, source: "203.0.113.9")
                }
            }
            await #expect(throws: AccessError.self) {
                try await accounts.login(username: "province.01", password: GateFixture.password, totp: right, source: "203.0.113.9")
            }
            _ = try await accounts.login(username: "province.01", password: GateFixture.password, totp: right, source: "198.51.100.7")
        }
    }
}
