import Crypto
import DanCuCard
import DanCuRegister
import Foundation
import Testing

@Suite struct ActiveAuthenticationTests {
    @Test func theChipsSignatureOverTheChallengeVerifies() throws {
        let chipKey = P256.Signing.PrivateKey()
        let dg15 = DataGroup15(publicKey: chipKey.publicKey).bytes
        #expect(try DataGroup15(bytes: dg15) == DataGroup15(publicKey: chipKey.publicKey))
        let challenge = (0..<8).map { _ in UInt8.random(in: 0...255) }
        let signature = try ActiveAuthentication.sign(challenge: challenge, with: chipKey)
        #expect(ActiveAuthentication.verify(dg15: dg15, challenge: challenge, signature: signature).passed)
        // DER signatures are accepted too.
        let der = Array(try chipKey.signature(for: challenge).derRepresentation)
        #expect(ActiveAuthentication.verify(dg15: dg15, challenge: challenge, signature: der).passed)
    }

    @Test func aClonedChipOrAReplayedAnswerFails() throws {
        let chipKey = P256.Signing.PrivateKey()
        let dg15 = DataGroup15(publicKey: chipKey.publicKey).bytes
        let challenge: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let signature = try ActiveAuthentication.sign(challenge: challenge, with: chipKey)
        // Another chip's key (a clone with copied data), another challenge (a replay), a changed byte.
        let clone = try ActiveAuthentication.sign(challenge: challenge, with: P256.Signing.PrivateKey())
        #expect(!ActiveAuthentication.verify(dg15: dg15, challenge: challenge, signature: clone).passed)
        #expect(!ActiveAuthentication.verify(dg15: dg15, challenge: [8, 7, 6, 5, 4, 3, 2, 1], signature: signature).passed)
        for index in signature.indices {
            var changed = signature
            changed[index] ^= 0x01
            #expect(!ActiveAuthentication.verify(dg15: dg15, challenge: challenge, signature: changed).passed)
        }
        #expect(ActiveAuthentication.verify(dg15: dg15, challenge: [1, 2], signature: signature).reason == "the challenge must be 8 to 64 bytes")
    }

    @Test func brokenDG15sAreRefusedNeverCrash() throws {
        let dg15 = DataGroup15(publicKey: P256.Signing.PrivateKey().publicKey).bytes
        var rng = SplitMix64(seed: 15)
        for length in 0..<dg15.count {
            #expect(throws: CardTextError.self) { try DataGroup15(bytes: Array(dg15.prefix(length))) }
        }
        for _ in 0..<3_000 {
            var changed = dg15
            changed[Int.random(in: 0..<changed.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            _ = try? DataGroup15(bytes: changed)
            let random = (0..<Int.random(in: 0...100, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(!ActiveAuthentication.verify(dg15: random, challenge: [1, 2, 3, 4, 5, 6, 7, 8], signature: random).passed)
        }
    }
}
