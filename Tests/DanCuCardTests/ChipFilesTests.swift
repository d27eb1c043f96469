import Crypto
import DanCuCard
import DanCuCore
import DanCuRegister
import Testing

@Suite struct ChipFilesTests {
    @Test func dg2HoldsTheFaceInAnISO19794Record() throws {
        let face = try JPEGImage(bytes: try SyntheticFace.jpeg())
        #expect(face.width == 120 && face.height == 160 && face.components == 3)
        let dg2 = DataGroup2(face: face, sex: .female)
        let bytes = dg2.bytes
        #expect(bytes.first == 0x75)
        // The facial record starts with "FAC\0" "010\0" and its own length.
        let record = try #require(Self.range(of: Array("FAC\0010\0".utf8), in: bytes))
        let length = bytes[(record + 8)..<(record + 12)].reduce(0) { $0 << 8 | Int($1) }
        #expect(record + length == bytes.count)
        #expect(try DataGroup2(bytes: bytes) == dg2)
    }

    @Test func theJPEGReaderRefusesWhatIsNotAPhoto() {
        for bytes: [UInt8] in [[], [0xFF], Array("GIF89a....".utf8), [0xFF, 0xD8, 0xFF, 0xD9], [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x30]] {
            #expect(throws: CardTextError.self) { try JPEGImage(bytes: bytes) }
        }
    }

    @Test func dg14PublishesTheChipAuthenticationKey() throws {
        let key = P256.KeyAgreement.PrivateKey().publicKey
        let dg14 = DataGroup14(chipAuthenticationKey: key)
        #expect(dg14.bytes.first == 0x6E)
        // id-PK-ECDH 0.4.0.127.0.7.2.2.1.2 and id-CA-ECDH-AES-CBC-CMAC-128 0.4.0.127.0.7.2.2.3.2.2 in DER.
        #expect(Self.range(of: [0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x02], in: dg14.bytes) != nil)
        #expect(Self.range(of: [0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02], in: dg14.bytes) != nil)
        #expect(try DataGroup14(bytes: dg14.bytes).chipAuthenticationKey.rawRepresentation == key.rawRepresentation)
    }

    /// Every truncation and 3,000 random changes of DG2, DG14 and DG15, and 5,000 random inputs: each is
    /// read or refused with the field at fault, never a crash.
    @Test func truncatedAndCorruptedChipFilesNeverCrash() throws {
        let files: [(String, [UInt8], ([UInt8]) throws -> Void)] = [
            ("DG2", DataGroup2(face: try JPEGImage(bytes: try SyntheticFace.jpeg()), sex: .male).bytes, { _ = try DataGroup2(bytes: $0) }),
            ("DG14", DataGroup14(chipAuthenticationKey: P256.KeyAgreement.PrivateKey().publicKey).bytes, { _ = try DataGroup14(bytes: $0) }),
            ("DG15", DataGroup15(publicKey: P256.Signing.PrivateKey().publicKey).bytes, { _ = try DataGroup15(bytes: $0) }),
            ("JPEG", try SyntheticFace.jpeg(), { _ = try JPEGImage(bytes: $0) }),
        ]
        var rng = SplitMix64(seed: 14)
        var tried = 0
        for (name, bytes, read) in files {
            for length in 0..<bytes.count where name != "JPEG" {
                #expect(throws: CardTextError.self, "\(name) cut at \(length)") { try read(Array(bytes.prefix(length))) }
                tried += 1
            }
            for _ in 0..<3_000 {
                var changed = bytes
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    changed[Int.random(in: 0..<changed.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                do { try read(changed) } catch let error as CardTextError { #expect(!error.field.isEmpty) } catch {
                    Issue.record("\(name): unexpected \(error)")
                }
                tried += 1
            }
        }
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...96, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for (_, _, read) in files {
                do { try read(bytes) } catch let error as CardTextError { #expect(!error.field.isEmpty) } catch {
                    Issue.record("unexpected \(error)")
                }
                tried += 1
            }
        }
        #expect(tried > 34_000)
    }

    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
