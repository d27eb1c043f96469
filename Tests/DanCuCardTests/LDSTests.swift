import DanCuCard
import DanCuCore
import DanCuRegister
import Testing

@Suite struct LDSTests {
    static func mrz() throws -> CardMRZ {
        try CardMRZ(parsing: CardMRZTests.sample.joined())
    }

    static func dg13(spouse: String? = "Trần Thị Bích") -> DataGroup13 {
        DataGroup13(
            personalNumber: "001099012345", fullName: "Nguyễn Văn A",
            dateOfBirth: DataGroup13.text((try? PartialDate(iso: "1999-01-15")) ?? PartialDate(LocalDate(dayNumber: 0))),
            sex: "Nam", nationality: "Việt Nam", ethnicity: "Kinh", religion: "Không", placeOfOrigin: "Xã Đông Hội, Hà Nội",
            residence: "Số 1 Hùng Vương, Phường Ba Đình, Hà Nội", identifyingMarks: "Nốt ruồi cách 2 cm trên đuôi mắt trái",
            issuedOn: "01/07/2024", expiresOn: "15/01/2039", fatherName: "Nguyễn Văn Bình", motherName: "Lê Thị Cúc",
            spouseName: spouse, legacyIdNumber: "123456789")
    }

    @Test func efComIsTheICAOLayout() throws {
        let com = EFCOM(dataGroupTags: [0x61, 0x75, 0x6D, 0x6E, 0x6F])
        #expect(
            com.bytes == [
                0x60, 0x17, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5F, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30, 0x30, 0x30,
                0x5C, 0x05, 0x61, 0x75, 0x6D, 0x6E, 0x6F,
            ])
        #expect(try EFCOM(bytes: com.bytes) == com)
    }

    @Test func dg1HoldsTheMRZ() throws {
        let dg1 = DataGroup1(mrz: try Self.mrz())
        #expect(dg1.bytes.prefix(5) == [0x61, 0x5D, 0x5F, 0x1F, 0x5A])
        #expect(try DataGroup1(bytes: dg1.bytes) == dg1)
    }

    @Test func dg13RoundTripsWithVietnameseText() throws {
        for spouse in ["Trần Thị Bích", nil] {
            let dg13 = Self.dg13(spouse: spouse)
            #expect(dg13.bytes.first == 0x6D)
            #expect(try DataGroup13(bytes: dg13.bytes) == dg13)
        }
        #expect(DataGroup13.text(try PartialDate(iso: "1950")) == "00/00/1950")
    }

    /// Every truncation of every file, and every single-byte change, is refused or read; none crashes.
    @Test func truncatedAndCorruptedFilesNeverCrash() throws {
        let files: [(String, [UInt8], ([UInt8]) throws -> Void)] = [
            ("EF.COM", EFCOM(dataGroupTags: [0x61, 0x75, 0x6D]).bytes, { _ = try EFCOM(bytes: $0) }),
            ("DG1", DataGroup1(mrz: try Self.mrz()).bytes, { _ = try DataGroup1(bytes: $0) }),
            ("DG13", Self.dg13().bytes, { _ = try DataGroup13(bytes: $0) }),
        ]
        var rng = SplitMix64(seed: 13)
        var tried = 0
        for (name, bytes, read) in files {
            for length in 0..<bytes.count {
                #expect(throws: CardTextError.self, "\(name) cut at \(length)") { try read(Array(bytes.prefix(length))) }
                tried += 1
            }
            for _ in 0..<3_000 {
                var changed = bytes
                changed[Int.random(in: 0..<changed.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                do { try read(changed) } catch let error as CardTextError { #expect(!error.field.isEmpty) } catch {
                    Issue.record("\(name): unexpected \(error)")
                }
                tried += 1
            }
        }
        for _ in 0..<10_000 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for (_, _, read) in files {
                do { try read(bytes) } catch let error as CardTextError { #expect(!error.field.isEmpty) } catch {
                    Issue.record("unexpected \(error)")
                }
                tried += 1
            }
        }
        #expect(tried > 39_000)
    }

    @Test func lengthsAreCheckedAgainstWhatFollows() {
        #expect(throws: CardTextError(field: "DG13", detail: "element 6D claims 16777215 bytes but 0 follow")) {
            try DataGroup13(bytes: [0x6D, 0x83, 0xFF, 0xFF, 0xFF])
        }
        #expect(throws: CardTextError(field: "DG1", detail: "an indefinite length is not allowed")) {
            try DataGroup1(bytes: [0x61, 0x80, 0x00, 0x00])
        }
        #expect(throws: CardTextError(field: "EF.COM", detail: "a tag longer than three bytes")) {
            try EFCOM(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x01, 0x00])
        }
    }
}
