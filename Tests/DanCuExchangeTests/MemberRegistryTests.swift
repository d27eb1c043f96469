import Crypto
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

/// The registry of member systems on both backends: what an administrator enters, what a request's key
/// resolves to, and that a disabled member or a revoked key is refused from the next lookup on.
@Suite struct MemberRegistryTests {
    static func registry(_ backend: Backend, _ body: (MemberRegistry) async throws -> Void) async throws {
        try await backend.withRegister { register in
            let registry = MemberRegistry(store: register.store, clock: .fixed(1_796_000_000_000_000))
            try await registry.migrate()
            try await body(registry)
        }
    }

    @Test(arguments: Backend.all) func aKeyResolvesToItsSubsystemUntilRevokedOrDisabled(backend: Backend) async throws {
        try await Self.registry(backend) { registry in
            let member = try MemberSystem(code: "BHXH", nameVietnamese: "Bảo hiểm xã hội Việt Nam", nameEnglish: "Viet Nam Social Security", kind: "ministry")
            let thu = try Subsystem(member: "BHXH", code: "THU-BHYT")
            let chi = try Subsystem(member: "BHXH", code: "CHI")
            try await registry.add(member, by: "admin")
            try await registry.add(thu, by: "admin")
            try await registry.add(chi, by: "admin")
            let k1 = Curve25519.Signing.PrivateKey()
            let k2 = P256.Signing.PrivateKey()
            let k3 = Curve25519.Signing.PrivateKey()
            try await registry.add(
                keys: [.init(keyId: "bhxh-thu-1", key: .ed25519(k1.publicKey)), .init(keyId: "bhxh-thu-2", key: .p256(k2.publicKey))],
                to: thu, by: "admin")
            try await registry.add(keys: [.init(keyId: "bhxh-chi-1", key: .ed25519(k3.publicKey))], to: chi, by: "admin")

            let found = try #require(try await registry.activeKey("bhxh-thu-2"))
            #expect(found.subsystem == thu && found.key.algorithm == .ecdsaP256)
            guard case .p256(let stored) = found.key else {
                Issue.record("not P-256")
                return
            }
            #expect(stored.x963Representation == k2.publicKey.x963Representation)
            #expect(try await registry.activeKey("nobody") == nil)

            try await registry.revoke(keyId: "bhxh-thu-1", by: "admin")
            #expect(try await registry.activeKey("bhxh-thu-1") == nil)
            #expect(try await registry.activeKey("bhxh-chi-1") != nil)
            await #expect(throws: ExchangeError.keyRevoked("bhxh-thu-1")) { try await registry.revoke(keyId: "bhxh-thu-1", by: "admin") }

            try await registry.disable(member: "BHXH", by: "admin")
            let thuAfter = try await registry.activeKey("bhxh-thu-2")
            let chiAfter = try await registry.activeKey("bhxh-chi-1")
            #expect(thuAfter == nil && chiAfter == nil)
            await #expect(throws: ExchangeError.memberDisabled("BHXH")) { try await registry.add(try Subsystem(member: "BHXH", code: "MOI"), by: "admin") }

            let records = try await registry.members()
            #expect(records.map(\.code) == ["BHXH"] && records[0].subsystems == ["CHI", "THU-BHYT"] && records[0].disabledAt != nil)
            #expect(records[0].keys.map(\.keyId) == ["bhxh-chi-1", "bhxh-thu-1", "bhxh-thu-2"])
            #expect(records[0].keys.first { $0.keyId == "bhxh-thu-1" }?.revokedAt != nil)
            let changes = try await registry.changes()
            #expect(changes.map(\.action) == ["member-disable", "key-revoke", "key-add", "key-add", "key-add", "subsystem-add", "subsystem-add", "member-add"])
            #expect(changes.allSatisfy { $0.actor == "admin" })
        }
    }

    @Test(arguments: Backend.all) func nothingIsRegisteredTwiceAndAKeyIdIsNeverReused(backend: Backend) async throws {
        try await Self.registry(backend) { registry in
            let bank = try MemberSystem(code: "VCB", nameVietnamese: "Ngân hàng Ngoại thương", nameEnglish: "Vietcombank", kind: "bank")
            let ekyc = try Subsystem(member: "VCB", code: "EKYC")
            await #expect(throws: ExchangeError.unknownMember("VCB")) { try await registry.add(ekyc, by: "admin") }
            try await registry.add(bank, by: "admin")
            await #expect(throws: ExchangeError.memberExists("VCB")) { try await registry.add(bank, by: "admin") }
            try await registry.add(ekyc, by: "admin")
            await #expect(throws: ExchangeError.subsystemExists("VCB/EKYC")) { try await registry.add(ekyc, by: "admin") }
            let key = MemberKeyJWK.Key(keyId: "vcb-1", key: .ed25519(Curve25519.Signing.PrivateKey().publicKey))
            await #expect(throws: ExchangeError.unknownSubsystem("VCB/OTHER")) {
                try await registry.add(keys: [key], to: try Subsystem(member: "VCB", code: "OTHER"), by: "admin")
            }
            try await registry.add(keys: [key], to: ekyc, by: "admin")
            try await registry.revoke(keyId: "vcb-1", by: "admin")
            // A revoked key's id stays taken: a new key gets a new id, so old log entries name one key.
            let again = MemberKeyJWK.Key(keyId: "vcb-1", key: .ed25519(Curve25519.Signing.PrivateKey().publicKey))
            await #expect(throws: ExchangeError.keyExists("vcb-1")) { try await registry.add(keys: [again], to: ekyc, by: "admin") }
            // A set with one taken id adds none of its keys.
            let fresh = MemberKeyJWK.Key(keyId: "vcb-2", key: .ed25519(Curve25519.Signing.PrivateKey().publicKey))
            await #expect(throws: ExchangeError.keyExists("vcb-1")) { try await registry.add(keys: [fresh, again], to: ekyc, by: "admin") }
            #expect(try await registry.activeKey("vcb-2") == nil)
            #expect(try await registry.changes().count == 4)
        }
    }
}
