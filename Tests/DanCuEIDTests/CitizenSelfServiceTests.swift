@_spi(Gate) import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

/// The holder's own view: what the register holds, who used it, consents and their withdrawal, locking.
@Suite struct CitizenSelfServiceTests {
    static let cb = "https://bank-a.example/cb"

    static func entries(_ p: ProviderDesk) async throws -> [(actor: String, role: String, action: String, purpose: String?)] {
        try await p.gate.logStore.read { db in
            try db.query("SELECT actor, role, action, purpose FROM access_log WHERE subject = ? ORDER BY id", [.text(EIDDesk.adult)])
                .map { (try $0.string("actor"), try $0.string("role"), try $0.string("action"), $0["purpose"].string) }
        }
    }

    static func oauth(_ work: () async throws -> Void) async -> String? { await OIDCProviderTests.oauth(work) }

    @Test(arguments: Backend.all) func theHolderSeesTheirRecordAndWhoUsedItAndEachLookIsLogged(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let me = CitizenSelfService(eid: p.desk.eid, provider: p.provider, gate: p.gate)
            _ = try await p.provider.exchange(
                code: try #require(try await p.authorize()["code"]), redirectURI: Self.cb, verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), requestId: "test")
            let (token, session) = try await me.signIn(EIDDesk.adult, password: EIDDesk.password, requestId: "test")
            #expect(try await me.session(token) == session)

            let before = try await Self.entries(p).count
            #expect(try await me.record(session, requestId: "r1").person.name.fullName == "Phạm Văn Minh")
            let log = try await me.accessLog(session, before: nil, limit: 50, requestId: "r2")
            // The bank's token issuance is there, with its purpose; newest first, so the holder's own look leads.
            #expect(log.contains { $0.actor == "bank-a" && $0.action == "oidc-token" && $0.purpose == "identity-verification" })
            #expect(log.first?.actor == EIDDesk.adult && log.first?.action == "self-read")
            let consents = try await me.consents(session, requestId: "r3")
            #expect(consents.map(\.clientId) == ["bank-a"] && consents[0].fields == ["name", "sex"] && consents[0].withdrawnAt == nil)
            #expect(try await me.account(session, requestId: "r4").sessions.count == 1)
            #expect(try await me.authentications(session, requestId: "r5").contains { $0.method == "password" && $0.outcome == "ok" })

            // Exactly one entry per look, each as the citizen with the purpose self-service.
            let mine = try await Self.entries(p).dropFirst(before)
            #expect(mine.map(\.action) == ["self-read", "self-read-access-log", "self-read-consents", "self-read-eid", "self-read-authentications"])
            #expect(mine.allSatisfy { $0.actor == EIDDesk.adult && $0.role == "citizen" && $0.purpose == "self-service" })
        }
    }

    @Test(arguments: Backend.all) func withdrawingAConsentStopsTheRelyingPartyAtOnce(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let me = CitizenSelfService(eid: p.desk.eid, provider: p.provider, gate: p.gate)
            let tokens = try await p.provider.exchange(
                code: try #require(try await p.authorize()["code"]), redirectURI: Self.cb,
                verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
            let pendingCode = try #require(try await p.authorize()["code"])  // approved, not yet exchanged
            let (_, session) = try await me.signIn(EIDDesk.adult, password: EIDDesk.password, requestId: "test")
            #expect(try await me.withdrawConsent(session, from: "bank-a", requestId: "w1"))
            #expect(try await !me.withdrawConsent(session, from: "bank-a", requestId: "w2"))  // nothing live to withdraw

            #expect(await Self.oauth { _ = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test") } == "invalid_token")
            #expect(
                await Self.oauth {
                    _ = try await p.provider.refresh(try #require(tokens.refreshToken), credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_grant")
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: pendingCode, redirectURI: Self.cb, verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_grant")
            #expect(try await me.consents(session, requestId: "w3").first?.withdrawnAt != nil)
            // Consenting again works as before.
            _ = try await p.provider.exchange(
                code: try #require(try await p.authorize()["code"]), redirectURI: Self.cb, verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), requestId: "test")
        }
    }

    @Test(arguments: Backend.all) func theHolderLocksAndUnlocksButNotAnOfficersLock(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let me = CitizenSelfService(eid: p.desk.eid, provider: p.provider, gate: p.gate)
            try await p.desk.eid.setPasscode(EIDDesk.adult, "302917")
            let tokens = try await p.provider.exchange(
                code: try #require(try await p.authorize()["code"]), redirectURI: Self.cb,
                verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
            let (token, session) = try await me.signIn(EIDDesk.adult, password: EIDDesk.password, requestId: "test")
            #expect(try await me.lock(session, requestId: "l1").status == .locked)
            #expect(try await me.session(token) == nil)  // every session ended
            #expect(await Self.oauth { _ = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test") } == "invalid_token")
            await #expect(throws: EIDError.self) { _ = try await me.signIn(EIDDesk.adult, password: EIDDesk.password, requestId: "test") }

            // A wrong passcode does not unlock; the right password and passcode do.
            await #expect(throws: EIDError.authenticationFailed) {
                _ = try await me.unlock(EIDDesk.adult, password: EIDDesk.password, passcode: "111222", requestId: "test")
            }
            #expect(try await me.unlock(EIDDesk.adult, password: EIDDesk.password, passcode: "302917", requestId: "test").status == .active)
            _ = try await me.signIn(EIDDesk.adult, password: EIDDesk.password, requestId: "test")

            // An officer's lock is lifted only by an officer.
            _ = try await p.desk.eid.lock(EIDDesk.adult, grant: try await p.desk.grant(.lock, EIDDesk.adult), reason: "reported stolen phone")
            await #expect(throws: EIDError.self) { _ = try await me.unlock(EIDDesk.adult, password: EIDDesk.password, passcode: "302917", requestId: "test") }
            #expect(try await p.desk.eid.account(EIDDesk.adult).status == .locked)
        }
    }

    @Test(arguments: Backend.all) func onlyALevel2HolderRegistersAnOrganisation(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let me = CitizenSelfService(eid: p.desk.eid, provider: p.provider, gate: p.gate)
            let (_, session) = try await me.signIn(EIDDesk.adult, password: EIDDesk.password, requestId: "test")
            #expect(try await p.desk.eid.account(EIDDesk.adult).level == .level1)
            await #expect(
                throws: EIDError.invalid([
                    RuleViolation(
                        field: "representative", rule: "level2Required",
                        detail: "an organisation's account is made by its legal representative with a level-2 account")
                ])
            ) {
                _ = try await me.registerOrganisation(
                    session, code: "0309876543", contact: try Contact(phone: nil, email: "a@b.vn"),
                    password: EIDDesk.password, requestId: "o1")
            }
        }
    }
}
