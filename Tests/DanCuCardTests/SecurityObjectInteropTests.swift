import Crypto
import DanCuCard
import DanCuCore
import DanCuTestSupport
import Foundation
import Testing

/// EF.SOD checked by an independent implementation: `Tests/interop/verify_sod.py` (asn1crypto and
/// cryptography from PyPI). It runs when DANCU_INTEROP_PYTHON names a Python that has them, as
/// `.ci/run` sets up; otherwise the run says it was skipped.
@Suite struct SecurityObjectInteropTests {
    static var python: String? { InteropPython.python }

    static func writeCard(to directory: URL) throws {
        let now = Date()
        let csca = try CardSigner.countrySigningCA(commonName: "CSCA Việt Nam (test)", validFrom: now.addingTimeInterval(-86_400))
        let ds = try csca.issueDocumentSigner(
            commonName: "DS 1 (test)", validFrom: now.addingTimeInterval(-3_600),
            validUntil: now.addingTimeInterval(90 * 86_400))
        // A whole chip, as the card office personalises it: DG1, DG2 (the face), DG13, DG14, DG15.
        let home = Place(provinceCode: "01", wardCode: "00004", detail: "Số 1")
        let person = Person(
            personalNumber: try PersonalNumber("001080000201"), name: try VietnameseName("Nguyễn Văn An"),
            dateOfBirth: try PartialDate(iso: "1980-03-04"), sex: .male, birthRegistrationPlace: home, currentResidence: home)
        let data = CardData(person: person, issuedOn: try LocalDate(iso: "2026-11-29"), reference: .bundled)
        let files = try ChipPersonalisation.files(
            data: data, face: try JPEGImage(bytes: try SyntheticFace.jpeg()), sex: .male,
            keys: ChipKeys(), signer: ds, signingTime: now)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let groups = files.dataGroups.map { ("DG\($0.key).bin", $0.value) }
        for (name, bytes) in groups + [("EF.SOD", files.sod), ("CSCA.cer", try csca.derCertificate())] {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
    }

    static func verify(_ directory: URL, python: String) throws -> (status: Int32, output: String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("interop/verify_sod.py")
        return try InteropPython.run(python, script: script.path, [directory.path])
    }

    @Test func anIndependentVerifierAcceptsTheChipFilesAndCatchesTampering() throws {
        guard let python = Self.python else {
            print("NOTE: EF.SOD interop check SKIPPED: DANCU_INTEROP_PYTHON is not set")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-sod-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeCard(to: directory)
        let good = try Self.verify(directory, python: python)
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("OK: chain CSCA -> DS"))
        #expect(good.output.contains("hashes of DG1, DG2, DG13, DG14, DG15"), "\(good.output)")

        // One byte of DG13 changed: the hash no longer matches.
        let dg13 = directory.appendingPathComponent("DG13.bin")
        var bytes = [UInt8](try Data(contentsOf: dg13))
        bytes[bytes.count - 3] ^= 0x01
        try Data(bytes).write(to: dg13)
        let tampered = try Self.verify(directory, python: python)
        #expect(tampered.status != 0)
        #expect(tampered.output.contains("DG13 hash differs"))
    }
}
