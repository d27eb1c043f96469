import DanCuAccess
import DanCuCore
import DanCuStore
import DanCuTestSupport
import Testing

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

    @Test(arguments: Backend.all) func repeatedFailuresLockTheAccountEvenForTheRightPassword(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            for _ in 0..<f.accounts.policy.failuresBeforeLock {
                await #expect(throws: AccessError.unauthenticated("wrong username or password")) {
                    try await f.accounts.login(username: "central", password: "not the password at all")
                }
            }
            await #expect {
                try await f.accounts.login(username: "central", password: GateFixture.password)
            } throws: { error in
                if case AccessError.locked = error { return true } else { return false }
            }
            // Another account is not affected, and a reset unlocks.
            _ = try await f.accounts.login(username: "auditor", password: GateFixture.password)
            let fresh = try await f.accounts.resetPassword("central")
            _ = try await f.accounts.login(username: "central", password: fresh)
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
