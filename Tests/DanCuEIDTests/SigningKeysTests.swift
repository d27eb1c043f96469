import DanCuCard
import DanCuEID
import DanCuStore
import DanCuTestSupport
import Foundation
import JWTKit
import Testing

@Suite struct SigningKeysTests {
    static func claims(nonce: String = "n-1") -> IDTokenClaims {
        let now = Int64(Date().timeIntervalSince1970)
        return IDTokenClaims(
            issuer: "http://127.0.0.1:8080", subject: "pairwise-sub", audience: "bank-a", issuedAt: now, authTime: now,
            nonce: nonce, acr: .level2, amr: ["pwd", "otp"])
    }

    /// What a relying party does: fetch the JWKS and verify the ID token with it.
    static func verify(_ token: String, jwks: String) async throws -> IDTokenClaims {
        try await JWTKeyCollection().add(jwksJSON: jwks).verify(token, as: IDTokenClaims.self)
    }

    @Test(arguments: Backend.all) func idTokensVerifyThroughTheJWKSAcrossARotation(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            let keys = SigningKeys(store: desk.eid.store, keys: desk.cards.keys)
            let first = try await keys.signer()
            let old = try await first.sign(Self.claims())
            let verified = try await Self.verify(old, jwks: try await keys.jwks())
            #expect(verified.nonce == "n-1" && verified.aud.value == ["bank-a"])
            #expect(verified.acr == "urn:dancu:eid:level2" && verified.sub.value == "pairwise-sub")

            // A changed payload does not verify.
            var parts = old.split(separator: ".").map(String.init)
            parts[1] = String(parts[1].dropLast()) + (parts[1].last == "A" ? "B" : "A")
            await #expect(throws: (any Error).self) { _ = try await Self.verify(parts.joined(separator: "."), jwks: try await keys.jwks()) }

            // Rotate: the new key signs, the old one stays published for the retention time, then goes.
            let now = WallClock.nowMicros()
            try await keys.rotate(at: now + 1)
            let second = try await keys.signer(at: now + 2)
            #expect(second.kid != first.kid)
            let jwks = try await keys.jwks(at: now + 2)
            #expect(jwks.contains(first.kid) && jwks.contains(second.kid))
            #expect(try await Self.verify(old, jwks: jwks).nonce == "n-1")
            #expect(try await Self.verify(try await second.sign(Self.claims(nonce: "n-2")), jwks: jwks).nonce == "n-2")
            let later = try await keys.jwks(at: now + (keys.retainSeconds + 60) * 1_000_000)
            #expect(!later.contains(first.kid) && later.contains(second.kid))
            await #expect(throws: (any Error).self) { _ = try await Self.verify(old, jwks: later) }
        }
    }
}
