import DanCuCard
import DanCuCore
import DanCuRegister
import Foundation
import Testing

@Suite struct SignedCardQRCodeTests {
    static func keys() throws -> (csca: CardSigner, ds: CardSigner) {
        let now = Date()
        let csca = try CardSigner.countrySigningCA(commonName: "CSCA test", validFrom: now.addingTimeInterval(-400 * 86_400))
        let ds = try csca.issueDocumentSigner(
            commonName: "DS test", validFrom: now.addingTimeInterval(-2 * 86_400),
            validUntil: now.addingTimeInterval(90 * 86_400))
        return (csca, ds)
    }

    static func qr(issued: LocalDate = Register.today) throws -> CardQRCode {
        CardQRCode(
            personalNumber: try PersonalNumber("001099012345"), legacyIdNumber: nil, fullName: try VietnameseName("Nguyễn Văn A"),
            dateOfBirth: try PartialDate(iso: "1999-01-15"), sex: .male, residence: "Hà Nội", issuedOn: issued)
    }

    enum Register {
        static var today: LocalDate { LocalDate(dayNumber: Int(Date().timeIntervalSince1970 / 86_400)) }
    }

    @Test func aSignedPayloadVerifiesOffline() throws {
        let (csca, ds) = try Self.keys()
        let signed = try SignedCardQRCode.sign(try Self.qr(), with: ds)
        let result = SignedCardQRCode.verify(signed, documentSigners: [ds.certificate], cscas: [csca.certificate])
        #expect(result.checks.allSatisfy { $0.passed }, "\(result.checks)")
        #expect(result.qr == (try Self.qr()))
        // The plain reader still reads the payload part.
        #expect(signed.hasPrefix(try Self.qr().payload + "|DCS1."))
    }

    @Test func aChangedPayloadAnotherKeyOrAWrongDayFails() throws {
        let (csca, ds) = try Self.keys()
        let signed = try SignedCardQRCode.sign(try Self.qr(), with: ds)
        let forged = signed.replacingOccurrences(of: "Nguyễn Văn A", with: "Nguyễn Văn B")
        #expect(
            SignedCardQRCode.verify(forged, documentSigners: [ds.certificate], cscas: [csca.certificate]).checks
                .contains { $0.name == "qr.signature" && !$0.passed })
        let other = try Self.keys()
        #expect(
            SignedCardQRCode.verify(signed, documentSigners: [other.ds.certificate], cscas: [other.csca.certificate]).checks
                .contains { $0.name == "qr.signer" && !$0.passed })
        let early = try SignedCardQRCode.sign(try Self.qr(issued: try LocalDate(iso: "2020-01-01")), with: ds)
        #expect(
            SignedCardQRCode.verify(early, documentSigners: [ds.certificate], cscas: [csca.certificate]).checks
                .contains { $0.name == "qr.signer" && $0.reason == "the Document Signer was not valid on the card's issue date" })
    }

    @Test func randomTextNeverCrashesTheVerifier() throws {
        let (csca, ds) = try Self.keys()
        let original = try Self.qr()
        let signed = try SignedCardQRCode.sign(original, with: ds)
        var rng = SplitMix64(seed: 31)
        let alphabet = Array(signed) + ["|", ".", "D", "C", "S", "1"]
        for _ in 0..<5_000 {
            var chars = Array(signed)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                chars[Int.random(in: 0..<chars.count, using: &rng)] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            }
            let result = SignedCardQRCode.verify(String(chars), documentSigners: [ds.certificate], cscas: [csca.certificate])
            // Whatever passes every check says exactly what was signed.
            if result.checks.allSatisfy({ $0.passed }) { #expect(result.qr == original) }
        }
    }
}
