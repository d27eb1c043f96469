import Crypto
import DanCuCore
import DanCuEID
import DanCuTestSupport
import Foundation
import Testing

@Suite struct DPoPProofTests {
    static let uri = "https://id.dancu.test/oidc/token"
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    static func code(_ work: () throws -> Void) -> String? {
        do {
            try work()
            return nil
        } catch let error as OAuthError { return error.code.rawValue } catch { return "\(error)" }
    }

    @Test func aGoodProofGivesItsKeysThumbprint() throws {
        let key = DPoPKey()
        let proof = try DPoPProof.check(try key.proof("POST", Self.uri), method: "POST", uri: Self.uri, now: Self.now)
        #expect(proof.jkt == key.thumbprint && proof.jkt.count == 43)
        // htu is compared without query and with the scheme and host in any case.
        _ = try DPoPProof.check(try key.proof("POST", "HTTPS://ID.DANCU.TEST/oidc/token?x=1"), method: "POST", uri: Self.uri, now: Self.now)
    }

    @Test func thumbprintsAsRFC7638ComputesThem() {
        for _ in 0..<20 {
            let key = DPoPKey()
            #expect(DPoPProof.thumbprint(x: key.jwk["x"] ?? "", y: key.jwk["y"] ?? "") == key.thumbprint)
        }
    }

    @Test func everyWayAProofCanBeWrong() throws {
        let key = DPoPKey()
        let token = "an-access-token"
        let cases: [(String, String)] = [
            ("not a jwt", "not a JWT"),
            (try key.proof("GET", Self.uri), "htm"),
            (try key.proof("POST", "https://id.dancu.test/oidc/par"), "htu"),
            (try key.proof("POST", Self.uri, iat: Self.now - 120), "iat"),
            (try key.proof("POST", Self.uri, iat: Self.now + 120), "iat"),
            (try key.proof("POST", Self.uri, header: ["typ": "JWT"]), "typ"),
            (try key.proof("POST", Self.uri, header: ["alg": "HS256"]), "alg"),
            (try key.proof("POST", Self.uri, header: ["jwk": key.jwk.merging(["d": "secret"]) { $1 }]), "public"),
            (try key.proof("POST", Self.uri, header: ["jwk": DPoPKey().jwk]), "signature"),
            (try key.proof("POST", Self.uri, jti: ""), "jti"),
            (try key.proof("POST", Self.uri, claims: ["iat": "yesterday"]), "iat"),
            // Numbers at the ends of the range once trapped in Int64 arithmetic, taking the server down.
            (try key.proof("POST", Self.uri, claims: ["iat": Int64.min]), "iat"),
            (try key.proof("POST", Self.uri, claims: ["iat": Int64.max]), "iat"),
            (try key.proof("POST", Self.uri, claims: ["iat": 1e300]), "iat"),
        ]
        for (proof, names) in cases {
            do {
                _ = try DPoPProof.check(proof, method: "POST", uri: Self.uri, now: Self.now)
                Issue.record("accepted a proof with a bad \(names)")
            } catch {
                #expect(error.code == .invalidDPoPProof && error.detail.contains(names), "\(error.detail)")
            }
        }
        // At a resource the proof carries the token's hash.
        let resource = "https://id.dancu.test/oidc/userinfo"
        _ = try DPoPProof.check(try key.proof("GET", resource, accessToken: token), method: "GET", uri: resource, accessToken: token, now: Self.now)
        #expect(
            Self.code {
                _ = try DPoPProof.check(
                    try key.proof("GET", resource, accessToken: "another"), method: "GET", uri: resource,
                    accessToken: token, now: Self.now)
            } == "invalid_dpop_proof")
        #expect(
            Self.code {
                _ = try DPoPProof.check(
                    try key.proof("GET", resource), method: "GET", uri: resource,
                    accessToken: token, now: Self.now)
            } == "invalid_dpop_proof")
        // A flipped byte anywhere in the signature fails it.
        let good = try key.proof("POST", Self.uri)
        let parts = good.split(separator: ".").map(String.init)
        var signature = try #require(ByteText.bytes(base64URL: parts[2]))
        for index in stride(from: 0, to: signature.count, by: 7) {
            signature[index] ^= 0x01
            let bad = parts[0] + "." + parts[1] + "." + ByteText.base64URL(signature)
            #expect(Self.code { _ = try DPoPProof.check(bad, method: "POST", uri: Self.uri, now: Self.now) } == "invalid_dpop_proof")
            signature[index] ^= 0x01
        }
    }

    @Test func randomBytesNeverCrashTheChecker() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let parts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                ByteText.base64URL((0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            }
            #expect(Self.code { _ = try DPoPProof.check(parts.joined(separator: "."), method: "POST", uri: Self.uri, now: Self.now) } == "invalid_dpop_proof")
        }
    }
}
