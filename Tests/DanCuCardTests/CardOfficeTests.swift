import Crypto
import DanCuCard
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import SwiftASN1
import Testing
import X509

@Suite struct CardOfficeTests {
    @Test(arguments: Backend.all) func aCardGoesFromApplicationToAChipThatVerifies(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            #expect(card.status == .active && card.version == 4)
            #expect(card.events.map(\.event) == ["apply", "approve", "produce", "deliver"])
            #expect(card.events.map(\.officer) == ["fixture", "fixture", "fixture", "fixture"])
            // Born 1980-03-04: the next renewal age is 60.
            let expiry = try LocalDate(iso: "2040-03-04")
            #expect(card.issuedOn == CivilClock.system.today() && card.expiresOn == expiry)
            let files = try await desk.office.chip(card.cardId, grant: try await desk.grant(card: card.cardId))
            #expect(files.dataGroups.keys.sorted() == [1, 2, 13, 14, 15])
            #expect(try EFCOM(bytes: files.efCOM).dataGroupTags == [0x61, 0x75, 0x6D, 0x6E, 0x6F])
            #expect(try DataGroup2(bytes: files.dataGroups[2] ?? []).face.bytes == (try SyntheticFace.jpeg()))

            let verdict = try await desk.verifier.verify(try await desk.readerRequest(card), grant: try await desk.verifyGrant())
            #expect(CardDesk.failed(verdict) == [])
            #expect(verdict.verdict.valid && verdict.verdict.cardId == card.cardId)
            #expect(
                verdict.verdict.checks.map(\.name) == [
                    "sod.structure", "documentSigner.chain", "documentSigner.validity",
                    "sod.signature", "sod.messageDigest", "dataGroup1.hash", "dataGroup2.hash",
                    "dataGroup13.hash", "dataGroup14.hash", "dataGroup15.hash",
                    "activeAuthentication", "card.status", "register.dg1", "register.dg13",
                ])
        }
    }

    @Test(arguments: Backend.all) func biometricsAndChipsAreSealedAtRest(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let face = try SyntheticFace.jpeg()
            let rows = try await desk.office.store.read { db in
                try db.query(
                    "SELECT b.sealed, c.files FROM card_biometrics b JOIN card_chips c ON c.card_id = b.card_id WHERE b.card_id = ?",
                    [.text(card.cardId)])
            }
            #expect(rows.count == 1)
            for column in ["sealed", "files"] {
                guard case .blob(let stored) = rows.first?[column] else {
                    Issue.record("no \(column)")
                    continue
                }
                #expect(stored.count > face.count)
                // No 32-byte window of the face image appears in what is stored.
                let window = Array(face[200..<232])
                #expect(!(0...(stored.count - window.count)).contains { Array(stored[$0..<($0 + window.count)]) == window })
            }
        }
    }

    @Test(arguments: Backend.all) func everyFlippedByteOfADataGroupOrTheSignatureFailsItsCheck(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let honest = try await desk.readerRequest(card, withActiveAuthentication: false)
            var tried = 0
            for (number, bytes) in honest.dataGroups {
                // DG2 is mostly the JPEG: every 5th byte of it, every byte of the others.
                for i in stride(from: 0, to: bytes.count, by: number == 2 ? 5 : 1) {
                    var groups = honest.dataGroups
                    var flipped = bytes
                    flipped[i] ^= 0x5A
                    groups[number] = flipped
                    let verdict = try await desk.verifier.verify(
                        CardVerificationRequest(sod: honest.sod, dataGroups: groups), grant: try await desk.verifyGrant())
                    #expect(CardDesk.failed(verdict).contains("dataGroup\(number).hash"), "DG\(number) byte \(i)")
                    #expect(!verdict.verdict.valid)
                    tried += 1
                }
            }
            let signature = try ParsedSecurityObject(bytes: honest.sod).signature
            let start = try #require(Self.lastRange(of: signature, in: honest.sod))
            for i in start..<(start + signature.count) {
                var sod = honest.sod
                sod[i] ^= 0x01
                let verdict = try await desk.verifier.verify(
                    CardVerificationRequest(sod: sod, dataGroups: honest.dataGroups), grant: try await desk.verifyGrant())
                #expect(CardDesk.failed(verdict).contains("sod.signature"), "signature byte \(i - start)")
                tried += 1
            }
            #expect(tried > 1_000)
        }
    }

    @Test(arguments: Backend.all) func anExpiredSignerOrOneOfAnotherCSCAFailsTheChain(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let honest = try await desk.readerRequest(card, withActiveAuthentication: false)
            let now = Date()
            let expired = try desk.keys.csca().issueDocumentSigner(
                commonName: "DS expired", validFrom: now.addingTimeInterval(-20 * 86_400),
                validUntil: now.addingTimeInterval(-10 * 86_400))
            let late = try SecurityObject.sign(dataGroups: honest.dataGroups, signer: expired, signingTime: now)
            let lateVerdict = try await desk.verifier.verify(
                CardVerificationRequest(sod: late, dataGroups: honest.dataGroups), grant: try await desk.verifyGrant())
            #expect(CardDesk.failed(lateVerdict).contains("documentSigner.validity"))
            #expect(lateVerdict.verdict.checks.first { $0.name == "documentSigner.validity" }?.reason?.contains("outside") == true)

            let stranger = try CardSigner.countrySigningCA(commonName: "CSCA Việt Nam (DanCu)", validFrom: now.addingTimeInterval(-86_400))
                .issueDocumentSigner(commonName: "DS forged", validFrom: now.addingTimeInterval(-3_600), validUntil: now.addingTimeInterval(86_400))
            let forged = try SecurityObject.sign(dataGroups: honest.dataGroups, signer: stranger, signingTime: now)
            let forgedVerdict = try await desk.verifier.verify(
                CardVerificationRequest(sod: forged, dataGroups: honest.dataGroups), grant: try await desk.verifyGrant())
            #expect(CardDesk.failed(forgedVerdict).contains("documentSigner.chain"))
            // The register never issued either chip.
            #expect(CardDesk.failed(forgedVerdict).contains("card.status"))
        }
    }

    @Test(arguments: Backend.all) func aLostRevokedOrDeadHoldersCardFailsItsStatus(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let request = try await desk.readerRequest(card)
            _ = try await desk.office.record(
                .reportLost, on: card.cardId, grant: try await desk.grant(card: card.cardId), reason: "lost at the market", expectedVersion: nil)
            let lost = try await desk.verifier.verify(request, grant: try await desk.verifyGrant())
            #expect(CardDesk.failed(lost) == ["card.status"])
            #expect(lost.verdict.checks.first { $0.name == "card.status" }?.reason == "the card is lost")

            // A reissue after loss; then the holder dies and the register revokes the new card by itself.
            let number = try PersonalNumber(CardDesk.adult)
            let reissue = try await desk.office.apply(
                for: number, CardApplication(kind: .reissue, reason: .lost, biometrics: try CardDesk.adultBiometrics()),
                grant: try await desk.grant(number))
            _ = try await desk.office.record(.approve, on: reissue.cardId, grant: try await desk.grant(card: reissue.cardId), reason: nil, expectedVersion: nil)
            _ = try await desk.office.produce(reissue.cardId, grant: try await desk.grant(card: reissue.cardId), expectedVersion: nil)
            let second = try await desk.office.record(
                .deliver, on: reissue.cardId, grant: try await desk.grant(card: reissue.cardId), reason: nil, expectedVersion: nil)
            #expect(second.cardId == CardDesk.adult + "-2")
            let beforeDeath = try await desk.verifier.verify(try await desk.readerRequest(second), grant: try await desk.verifyGrant())
            #expect(beforeDeath.verdict.valid)
            _ = try await desk.register.record(
                .deathRecorded(date: PartialDate(CivilClock.system.today())), for: number,
                validFrom: CivilClock.system.today(), officer: "hộ tịch")
            let revoked = try await desk.office.card(second.cardId, grant: try await desk.grant(card: second.cardId))
            #expect(revoked.status == .revoked && revoked.events.last?.officer == "hộ tịch")
            let afterDeath = try await desk.verifier.verify(try await desk.readerRequest(second), grant: try await desk.verifyGrant())
            #expect(CardDesk.failed(afterDeath) == ["card.status"])
            #expect(try await desk.office.card(card.cardId, grant: try await desk.grant(card: card.cardId)).status == .lost)
        }
    }

    @Test(arguments: Backend.all) func aChangeInTheRegisterAfterIssueFailsTheMatch(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            _ = try await desk.register.record(
                .nameChanged(try VietnameseName("Nguyễn Văn Bình")), for: try PersonalNumber(CardDesk.adult),
                validFrom: CivilClock.system.today(), officer: "hộ tịch", reason: "đổi tên")
            let verdict = try await desk.verifier.verify(try await desk.readerRequest(card), grant: try await desk.verifyGrant())
            #expect(CardDesk.failed(verdict) == ["register.dg1", "register.dg13"])
            #expect(verdict.verdict.checks.first { $0.name == "register.dg13" }?.reason?.contains("fullName") == true)
        }
    }

    /// A change that the card does not show (a declared current residence elsewhere) leaves the card
    /// true: the comparison field by field passes, and notes the residence.
    @Test(arguments: Backend.all) func aChangeTheCardDoesNotShowLeavesItValid(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let elsewhere = Place(provinceCode: "79", wardCode: "27637", detail: "Số 9")
            _ = try await desk.register.record(
                .currentResidenceDeclared(elsewhere), for: try PersonalNumber(CardDesk.adult),
                validFrom: CivilClock.system.today(), officer: "công an xã")
            let verdict = try await desk.verifier.verify(try await desk.readerRequest(card), grant: try await desk.verifyGrant())
            #expect(verdict.verdict.valid)
            #expect(verdict.verdict.checks.first { $0.name == "register.dg13" }?.reason == "changed since issue, not identity fields: residence")
        }
    }

    @Test(arguments: Backend.all) func aClonedChipFailsActiveAuthentication(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let honest = try await desk.readerRequest(card)
            let challenge = try #require(honest.challenge)
            let clone = CardVerificationRequest(
                sod: honest.sod, dataGroups: honest.dataGroups, challenge: challenge,
                signature: try ActiveAuthentication.sign(challenge: challenge, with: P256.Signing.PrivateKey()))
            #expect(CardDesk.failed(try await desk.verifier.verify(clone, grant: try await desk.verifyGrant())) == ["activeAuthentication"])
            let replay = CardVerificationRequest(
                sod: honest.sod, dataGroups: honest.dataGroups, challenge: challenge.reversed(),
                signature: honest.signature)
            #expect(CardDesk.failed(try await desk.verifier.verify(replay, grant: try await desk.verifyGrant())) == ["activeAuthentication"])
        }
    }

    @Test(arguments: Backend.all) func theVerdictIsSignedByACertificateOfTheCSCA(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let signed = try await desk.verifier.verify(try await desk.readerRequest(card), grant: try await desk.verifyGrant())
            let parts = signed.jws.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            let header = try JSONSerialization.jsonObject(with: try Self.base64URL(parts[0])) as? [String: Any]
            #expect(header?["alg"] as? String == "ES256")
            let chain = try #require(header?["x5c"] as? [String]).compactMap { Data(base64Encoded: $0) }
            let signer = try Certificate(derEncoded: [UInt8](try #require(chain.first)))
            #expect(try desk.keys.csca().certificate.publicKey.isValidSignature(signer.signature, for: signer))
            let key = try #require(P256.Signing.PublicKey(signer.publicKey))
            let signature = try P256.Signing.ECDSASignature(rawRepresentation: try Self.base64URL(parts[2]))
            #expect(key.isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8)))
            let verdict = try JSONDecoder().decode(CardVerdict.self, from: try Self.base64URL(parts[1]))
            #expect(verdict == signed.verdict)
        }
    }

    @Test(arguments: Backend.all) func theRegisterDecidesWhoMayApply(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let adult = try PersonalNumber(CardDesk.adult)
            let child = try PersonalNumber(CardDesk.child)
            func problems(_ number: PersonalNumber, _ application: CardApplication) async -> [String] {
                do {
                    _ = try await desk.office.apply(for: number, application, grant: try await desk.grant(number))
                    return []
                } catch CardError.invalid(let problems) {
                    return problems.map { "\($0.field):\($0.rule)" }
                } catch { return ["\(error)"] }
            }
            let face = try SyntheticFace.jpeg()
            #expect(await problems(adult, CardApplication(kind: .first, reason: nil, biometrics: .none)) == ["face:required"])
            #expect(
                await problems(
                    adult, CardApplication(kind: .first, reason: nil, biometrics: Biometrics(face: Array("GIF89a".utf8), fingerprints: [], irises: []))) == [
                        "face:notJPEG"
                    ])
            #expect(
                await problems(adult, CardApplication(kind: .renewal, reason: .renewalAge, biometrics: try CardDesk.adultBiometrics())) == [
                    "kind:noEarlierCard"
                ])
            #expect(
                await problems(child, CardApplication(kind: .first, reason: nil, biometrics: Biometrics(face: face, fingerprints: [], irises: []))) == [
                    "biometrics:underSix"
                ])
            #expect(
                await problems(try PersonalNumber(CardDesk.foreigner), CardApplication(kind: .first, reason: nil, biometrics: try CardDesk.adultBiometrics()))
                    == ["nationality:notACitizen"])

            // A child's card has no face and no DG2, and verifies.
            let childCard = try await desk.activeCard(CardDesk.child, biometrics: Biometrics.none)
            #expect(try await desk.office.chip(childCard.cardId, grant: try await desk.grant(card: childCard.cardId)).dataGroups[2] == nil)
            #expect(try await desk.verifier.verify(try await desk.readerRequest(childCard), grant: try await desk.verifyGrant()).verdict.valid)

            // One open application at a time; a renewal's delivery replaces the card it renews.
            let first = try await desk.activeCard()
            let renewal = try await desk.office.apply(
                for: adult, CardApplication(kind: .renewal, reason: .dataChanged, biometrics: try CardDesk.adultBiometrics()),
                grant: try await desk.grant(adult))
            await #expect(throws: CardError.self) {
                _ = try await desk.office.apply(
                    for: adult, CardApplication(kind: .renewal, reason: .dataChanged, biometrics: try CardDesk.adultBiometrics()),
                    grant: try await desk.grant(adult))
            }
            await #expect(throws: CardError.versionConflict(expected: 7, actual: 1)) {
                _ = try await desk.office.record(
                    .approve, on: renewal.cardId, grant: try await desk.grant(card: renewal.cardId), reason: nil, expectedVersion: 7)
            }
            await #expect(throws: CardError.self) {
                _ = try await desk.office.record(
                    .deliver, on: renewal.cardId, grant: try await desk.grant(card: renewal.cardId), reason: nil, expectedVersion: nil)
            }
            _ = try await desk.office.record(.approve, on: renewal.cardId, grant: try await desk.grant(card: renewal.cardId), reason: nil, expectedVersion: nil)
            _ = try await desk.office.produce(renewal.cardId, grant: try await desk.grant(card: renewal.cardId), expectedVersion: nil)
            _ = try await desk.office.record(.deliver, on: renewal.cardId, grant: try await desk.grant(card: renewal.cardId), reason: nil, expectedVersion: nil)
            #expect(try await desk.office.card(first.cardId, grant: try await desk.grant(card: first.cardId)).status == .replaced)
            #expect(try await desk.office.cards(of: adult, grant: try await desk.grant(adult)).map(\.status) == [.replaced, .active])
        }
    }

    @Test(arguments: Backend.all) func whatIsNotACardGetsAnInvalidAnswer(backend: Backend) async throws {
        try await CardDesk.with(backend) { desk in
            let card = try await desk.activeCard()
            let honest = try await desk.readerRequest(card)
            for cut in [0, 1, 10, honest.sod.count / 2, honest.sod.count - 1] {
                await #expect(throws: CardError.self) {
                    _ = try await desk.verifier.verify(
                        CardVerificationRequest(sod: Array(honest.sod.prefix(cut)), dataGroups: honest.dataGroups), grant: try await desk.verifyGrant())
                }
            }
            await #expect(throws: CardError.self) {
                _ = try await desk.verifier.verify(
                    CardVerificationRequest(sod: honest.sod, dataGroups: honest.dataGroups.filter { $0.key != 1 }), grant: try await desk.verifyGrant())
            }
            await #expect(throws: CardError.self) {
                _ = try await desk.verifier.verify(
                    CardVerificationRequest(sod: honest.sod, dataGroups: honest.dataGroups.merging([99: [1]]) { a, _ in a }),
                    grant: try await desk.verifyGrant())
            }
        }
    }

    static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).reversed().first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    static func base64URL(_ text: String) throws -> Data {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return try #require(Data(base64Encoded: s))
    }
}
