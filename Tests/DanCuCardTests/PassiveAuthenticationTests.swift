import Crypto
import DanCuCard
import DanCuCore
import DanCuRegister
import Foundation
import Testing
import X509

@Suite struct PassiveAuthenticationTests {
    struct Card {
        let csca: CardSigner
        let sod: [UInt8]
        let groups: [Int: [UInt8]]
    }

    static func card(dsValidFrom: TimeInterval = -3_600, dsValidFor: TimeInterval = 90 * 86_400, csca given: CardSigner? = nil) throws -> Card {
        let now = Date()
        let csca = try given ?? CardSigner.countrySigningCA(commonName: "CSCA test", validFrom: now.addingTimeInterval(-86_400))
        let ds = try csca.issueDocumentSigner(
            commonName: "DS test", validFrom: now.addingTimeInterval(dsValidFrom),
            validUntil: now.addingTimeInterval(dsValidFrom + dsValidFor))
        let groups = [
            1: DataGroup1(mrz: try CardMRZ(parsing: CardMRZTests.sample.joined())).bytes, 13: LDSTests.dg13().bytes,
            15: DataGroup15(publicKey: P256.Signing.PrivateKey().publicKey).bytes,
        ]
        return Card(csca: csca, sod: try SecurityObject.sign(dataGroups: groups, signer: ds, signingTime: now), groups: groups)
    }

    static func failed(_ checks: [VerificationCheck]) -> [String] { checks.filter { !$0.passed }.map(\.name) }

    @Test func aFreshCardPassesEveryCheck() throws {
        let card = try Self.card()
        let checks = PassiveAuthentication.verify(sod: card.sod, dataGroups: card.groups, trustedCSCAs: [card.csca.certificate])
        #expect(
            checks.map(\.name) == [
                "sod.structure", "documentSigner.chain", "documentSigner.validity", "sod.signature",
                "sod.messageDigest", "dataGroup1.hash", "dataGroup13.hash", "dataGroup15.hash",
            ])
        #expect(checks.allSatisfy { $0.passed })
    }

    @Test func everyChangedByteOfADataGroupIsCaught() throws {
        let card = try Self.card()
        for (number, bytes) in card.groups {
            for index in bytes.indices {
                var groups = card.groups
                var changed = bytes
                changed[index] ^= 0x01
                groups[number] = changed
                let failed = Self.failed(PassiveAuthentication.verify(sod: card.sod, dataGroups: groups, trustedCSCAs: [card.csca.certificate]))
                #expect(failed == ["dataGroup\(number).hash"], "DG\(number) byte \(index)")
            }
        }
    }

    @Test func aChangedSignatureOrSODIsCaught() throws {
        let card = try Self.card()
        var tried = 0
        for index in card.sod.indices {
            var sod = card.sod
            sod[index] ^= 0x01
            let checks = PassiveAuthentication.verify(sod: sod, dataGroups: card.groups, trustedCSCAs: [card.csca.certificate])
            #expect(
                checks.contains { !$0.passed },
                "byte \(index) of \(card.sod.count) (\(String(card.sod[index], radix: 16))) changed and every check still passed")
            tried += 1
        }
        #expect(tried == card.sod.count)
    }

    @Test func anExpiredDocumentSignerOrOneOfAnotherCSCAFails() throws {
        let expired = try Self.card(dsValidFrom: -200 * 86_400, dsValidFor: 100 * 86_400)
        #expect(
            Self.failed(
                PassiveAuthentication.verify(
                    sod: expired.sod, dataGroups: expired.groups,
                    trustedCSCAs: [expired.csca.certificate])) == ["documentSigner.validity"])
        let card = try Self.card()
        let stranger = try CardSigner.countrySigningCA(commonName: "CSCA test", validFrom: Date().addingTimeInterval(-86_400))
        let checks = PassiveAuthentication.verify(sod: card.sod, dataGroups: card.groups, trustedCSCAs: [stranger.certificate])
        #expect(Self.failed(checks) == ["documentSigner.chain"])
        #expect(checks.first { $0.name == "documentSigner.chain" }?.reason == "the CSCA's signature on the Document Signer does not verify")
    }

    /// Truncated DER, wrong lengths and random bytes are refused as a structural fault, never a crash.
    @Test func brokenSODsAreRefusedNeverCrash() throws {
        let card = try Self.card()
        var rng = SplitMix64(seed: 23)
        var tried = 0
        for length in 0..<card.sod.count {
            let checks = PassiveAuthentication.verify(sod: Array(card.sod.prefix(length)), dataGroups: card.groups, trustedCSCAs: [card.csca.certificate])
            #expect(checks.first?.name == "sod.structure" && checks.first?.passed == false, "cut at \(length)")
            tried += 1
        }
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let checks = PassiveAuthentication.verify(sod: bytes, dataGroups: card.groups, trustedCSCAs: [card.csca.certificate])
            #expect(checks.contains { !$0.passed })
            tried += 1
        }
        print("EF.SOD fuzz: \(tried) broken inputs, each refused")
    }
}
