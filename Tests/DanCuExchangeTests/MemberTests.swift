import Crypto
import DanCuCore
import DanCuExchange
import Foundation
import Testing

/// Member systems and the keys they register, as an administrator enters them.
@Suite struct MemberTests {
    static func b64url(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func aJWKSetOfEd25519AndP256KeysIsReadAndItsKeysVerify() throws {
        let ed = Curve25519.Signing.PrivateKey()
        let ec = P256.Signing.PrivateKey()
        let set = MemberKeyJWK.jwk(of: .ed25519(ed.publicKey), keyId: "bhxh-2026-1")
        let point = ec.publicKey.x963Representation
        let json = try JSONSerialization.data(withJSONObject: [
            "keys": [
                set, ["kty": "EC", "crv": "P-256", "x": Self.b64url(point.dropFirst().prefix(32)), "y": Self.b64url(point.suffix(32)), "kid": "bhxh-2026-2"],
            ]
        ])
        let keys = try MemberKeyJWK.parseSet(json)
        #expect(keys.map(\.keyId) == ["bhxh-2026-1", "bhxh-2026-2"])
        #expect(keys.map(\.key.algorithm) == [.ed25519, .ecdsaP256])
        // The keys read are the keys made: a request signed with each verifies against it.
        for (signing, read) in zip([SigningKey.ed25519(ed), .p256(ec)], keys) {
            let message = HTTPMessage(.request(method: "GET", targetURI: "https://dancu.example/x/v1/events"), fields: [])
            let (input, signature) = try MessageSigner(key: signing, keyId: read.keyId).sign(message, covering: [CoveredComponent("@method")], created: 1)
            var signed = message
            signed.fields += [("Signature-Input", input), ("Signature", signature)]
            _ = try MessageVerifier(policy: .init(required: [])).verify(signed, now: 1) { $0 == read.keyId ? read.key : nil }
        }
    }

    @Test func everyProblemWithASetIsNamedByItsPlace() throws {
        let ed = Curve25519.Signing.PrivateKey()
        let good = MemberKeyJWK.jwk(of: .ed25519(ed.publicKey), keyId: "k1")
        var withPrivate = good
        withPrivate["d"] = Self.b64url(ed.rawRepresentation)
        let json = try JSONSerialization.data(withJSONObject: [
            "keys": [
                good, withPrivate, ["kty": "RSA", "kid": "k3", "n": "AQAB", "e": "AQAB"], ["kty": "OKP", "crv": "Ed25519", "x": "short", "kid": "k4"],
                ["kty": "OKP", "crv": "Ed25519", "x": good["x"] ?? ""], good,
            ]
        ])
        let error = #expect(throws: RuleViolations.self) { try MemberKeyJWK.parseSet(json) }
        #expect(error?.violations.map(\.field) == ["keys[1].d", "keys[2].crv", "keys[3].x", "keys[4].kid", "keys[5].kid"])
        #expect(error?.violations.first?.detail.contains("private key") == true)
        #expect(throws: RuleViolations.self) { try MemberKeyJWK.parseSet(Data(#"{"keys": []}"#.utf8)) }
        #expect(throws: RuleViolations.self) { try MemberKeyJWK.parseSet(Data("not json".utf8)) }
    }

    @Test func aMemberIsEnteredCheckedAndInNFC() throws {
        let decomposed = "Bảo hiểm xã hội Việt Nam".decomposedStringWithCanonicalMapping
        let member = try MemberSystem(code: "BHXH", nameVietnamese: " " + decomposed, nameEnglish: "Viet Nam Social Security", kind: "ministry")
        #expect(member.nameVietnamese == "Bảo hiểm xã hội Việt Nam".precomposedStringWithCanonicalMapping && member.kind.isGovernment)
        #expect(try !MemberSystem(code: "VCB", nameVietnamese: "Vietcombank", nameEnglish: "Vietcombank", kind: "bank").kind.isGovernment)
        let error = #expect(throws: RuleViolations.self) { try MemberSystem(code: "bhxh", nameVietnamese: "", nameEnglish: "x", kind: "ngo") }
        #expect(error?.violations.map(\.field) == ["code", "nameVietnamese", "kind"])
        #expect(try Subsystem(member: "BHXH", code: "THU-BHYT").identifier == "BHXH/THU-BHYT")
        #expect(throws: RuleViolations.self) { try Subsystem(member: "BHXH", code: "thu bhyt") }
    }
}
