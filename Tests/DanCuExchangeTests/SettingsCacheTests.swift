import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuTestSupport
import Foundation
import Testing

/// Keys and grants are kept in memory between requests, yet a change an administrator makes through
/// any server is seen by the very next request on every server.
@Suite struct SettingsCacheTests {
    @Test(arguments: Backend.all) func aChangeOnAnotherServerIsSeenByTheNextRequest(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            // A second server over the same database.
            let other = ExchangeGateway(
                gate: fixture.gate, members: MemberRegistry(store: fixture.register.store, clock: fixture.gate.clock), store: fixture.register.store,
                vault: fixture.cards.keys.vault(purpose: "exchange signing keys"), units: fixture.register.reference.units,
                logStore: fixture.logStore)
            let member = try await ExchangeMember.register(gateway)
            try await gateway.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis, by: "admin")
            let a1 = try fixture.number("a1")
            let question = VerifyQuestion(personalNumber: a1, name: "Nguyễn Văn An")
            func ask() async throws -> VerifyAnswer {
                let body = Array(#"{"personalNumber":"\#(a1.rawValue)","name":"Nguyễn Văn An"}"#.utf8)
                let fields = try member.signedHeaders(method: "POST", targetURI: ExchangeGatewayTests.target, body: body, purpose: "social-insurance")
                let caller = try await gateway.authenticate(ExchangeGatewayTests.message(fields), body: body, requestId: "cache").caller
                return try await gateway.verify(question, for: caller)
            }
            #expect(try await ask().personalNumber == .match)
            #expect(try await ask().personalNumber == .match)

            // The grant withdrawn through the other server: the next request is refused.
            let grant = try #require(try await other.grants.grants().first { $0.grant.subsystem == member.subsystem }?.grant)
            try await other.grants.revoke(grant: grant.id, by: "admin")
            await #expect(throws: AccessError.self) { _ = try await ask() }

            // Granted again, then the key revoked there: the signature is refused by its key.
            try await other.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis, by: "admin")
            #expect(try await ask().personalNumber == .match)
            try await other.members.revoke(keyId: member.keyId, by: "admin")
            #expect(await #expect(throws: ExchangeRefusal.self) { _ = try await ask() } == .keyRevoked(member.keyId))
        }
    }
}
