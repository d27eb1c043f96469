import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuAccess

@Suite struct OfficerAccountTests {
    @Test(arguments: Backend.all) func loginIssuesATokenThatAuthenticatesAndLogoutRevokesIt(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let session = try await f.accounts.login(username: "commune.a", password: GateFixture.password)
            #expect(session.token.hasPrefix("dct_"))
            #expect(try await f.accounts.authenticate(token: session.token).username == "commune.a")
            // Only the hash is stored: the token text is nowhere in the table.
            let stored = try await f.register.store.read { db in try db.query("SELECT token_hash FROM officer_tokens").compactMap { $0["token_hash"].string } }
            #expect(!stored.contains(session.token))
            #expect(stored.contains(Secrets.tokenHash(session.token)))
            try await f.accounts.logout(token: session.token)
            await #expect(throws: AccessError.unauthenticated("the token was revoked; log in again")) {
                try await f.accounts.authenticate(token: session.token)
            }
        }
    }

    /// The trial locked an officer out by typing wrong passwords from anywhere: failures now slow the
    /// source they come from, and the officer signs in from their own desk all the same.
    @Test(arguments: Backend.all) func failuresSlowTheirSourceAndNeverLockTheOfficerOut(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let attacker = "203.0.113.9"
            let desk = "10.1.2.3"
            for _ in 0..<f.accounts.policy.freeFailures {
                await #expect(throws: AccessError.unauthenticated("wrong username or password")) {
                    try await f.accounts.login(username: "central", password: "not the password at all", source: attacker)
                }
            }
            // The attacker's source must wait, even with the right password...
            await #expect {
                try await f.accounts.login(username: "central", password: GateFixture.password, source: attacker)
            } throws: { error in
                if case AccessError.throttled = error { return true } else { return false }
            }
            // ...while the officer at their desk signs in.
            _ = try await f.accounts.login(username: "central", password: GateFixture.password, source: desk)
            // An unknown account is throttled alike: the answers do not tell which accounts exist.
            for _ in 0..<f.accounts.policy.freeFailures {
                await #expect(throws: AccessError.unauthenticated("wrong username or password")) {
                    try await f.accounts.login(username: "nobody.here", password: "whatever it is", source: attacker)
                }
            }
            await #expect {
                try await f.accounts.login(username: "nobody.here", password: "whatever it is", source: attacker)
            } throws: { error in
                if case AccessError.throttled = error { return true } else { return false }
            }
            // A reset clears the waits.
            let fresh = try await f.accounts.resetPassword("central")
            _ = try await f.accounts.login(username: "central", password: fresh, source: attacker)
        }
    }

    @Test func waitsDoubleUpToTheirCeiling() {
        var policy = OfficerAccounts.Policy()
        policy.freeFailures = 5
        policy.firstWaitSeconds = 60
        policy.maxWaitSeconds = 3_600
        #expect((1...10).map { LoginThrottle.wait(afterFailures: $0, policy: policy) } == [nil, nil, nil, nil, 60, 120, 240, 480, 960, 1_920])
        #expect(LoginThrottle.wait(afterFailures: 11, policy: policy) == 3_600)
        #expect(LoginThrottle.wait(afterFailures: 500, policy: policy) == 3_600)
    }

    /// Many failures against one account from many sources raise one alert.
    @Test(arguments: Backend.all) func aBurstAgainstOneAccountRaisesAnAlert(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            for i in 0..<f.accounts.policy.burstFailures + 3 {
                _ = try? await f.accounts.login(username: "auditor", password: "guess \(i)", source: "198.51.100.\(i)")
            }
            let alerts = try await f.accounts.securityAlerts()
            #expect(alerts.map(\.kind) == ["sign-in-burst"])
            #expect(alerts.first?.subject == "auditor")
        }
    }

    @Test(arguments: Backend.all) func unknownUsersGetTheSameAnswerAsWrongPasswords(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            await #expect(throws: AccessError.unauthenticated("wrong username or password")) {
                try await f.accounts.login(username: "nobody.here", password: GateFixture.password)
            }
            await #expect(throws: AccessError.unauthenticated("wrong username or password")) {
                try await f.accounts.login(username: "central", password: "wrong wrong wrong")
            }
        }
    }

    @Test(arguments: Backend.all) func disablingRevokesTokensAndRefusesLogin(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let session = try await f.accounts.login(username: "province.01", password: GateFixture.password)
            try await f.accounts.disable("province.01")
            await #expect(throws: AccessError.self) { try await f.accounts.authenticate(token: session.token) }
            await #expect(throws: AccessError.unauthenticated("the account is disabled")) {
                try await f.accounts.login(username: "province.01", password: GateFixture.password)
            }
            try await f.accounts.enable("province.01")
            _ = try await f.accounts.login(username: "province.01", password: GateFixture.password)
        }
    }

    @Test(arguments: Backend.all) func expiredTokensAreRefused(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            var policy = OfficerAccounts.Policy()
            policy.tokenLifetimeSeconds = 0
            let shortLived = OfficerAccounts(store: f.register.store, hasher: PasswordHasher(cost: 4), policy: policy)
            let session = try await shortLived.login(username: "central", password: GateFixture.password)
            await #expect(throws: AccessError.unauthenticated("the token expired; log in again")) {
                try await shortLived.authenticate(token: session.token)
            }
        }
    }

    @Test(arguments: Backend.all) func accountsAreCheckedWhenMade(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            await #expect(throws: AccessError.invalid(field: "jurisdiction", detail: "a commune-officer needs a ward jurisdiction")) {
                try await f.accounts.add(username: "x.y", displayName: "X", role: .communeOfficer, jurisdiction: "province:01")
            }
            await #expect(throws: AccessError.invalid(field: "jurisdiction", detail: "no current ward 99999")) {
                try await f.accounts.add(username: "x.y", displayName: "X", role: .communeOfficer, jurisdiction: "ward:99999")
            }
            await #expect(throws: AccessError.self) {
                try await f.accounts.add(username: "Bad Name!", displayName: "X", role: .auditor, jurisdiction: "nation")
            }
            await #expect(throws: AccessError.invalid(field: "password", detail: "use at least 12 characters")) {
                try await f.accounts.add(username: "x.y", displayName: "X", role: .auditor, jurisdiction: "nation", password: "short")
            }
            await #expect(throws: AccessError.officerExists("central")) {
                try await f.accounts.add(username: "central", displayName: "X", role: .auditor, jurisdiction: "nation")
            }
            let (_, generated) = try await f.accounts.add(username: "x.y", displayName: "Kiểm tra", role: .auditor, jurisdiction: "nation")
            #expect(generated.count == 20)
            _ = try await f.accounts.login(username: "x.y", password: generated)
        }
    }
}
