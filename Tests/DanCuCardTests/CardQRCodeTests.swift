import DanCuCard
import DanCuCore
import DanCuRegister
import Foundation
import Testing

@Suite struct CardQRCodeTests {
    static let payload = "001099012345|123456789|Nguyễn Văn A|15011999|Nam|Số 1 Hùng Vương, Ba Đình, Hà Nội|01072024"

    @Test func readsTheCommonLayout() throws {
        let qr = try CardQRCode(parsing: Self.payload)
        #expect(qr.personalNumber.rawValue == "001099012345")
        #expect(qr.legacyIdNumber == "123456789")
        #expect(qr.fullName.fullName == "Nguyễn Văn A")
        #expect(qr.dateOfBirth == (try PartialDate(iso: "1999-01-15")))
        #expect(qr.sex == .male)
        #expect(qr.issuedOn == (try LocalDate(iso: "2024-07-01")))
        #expect(qr.payload == Self.payload)
    }

    @Test func readsPayloadsWithoutTheCMNDFieldAndEmptyCMND() throws {
        let six = try CardQRCode(parsing: "001099012345|Nguyễn Văn A|15011999|Nam|Hà Nội|01072024")
        #expect(six.legacyIdNumber == nil && six.residence == "Hà Nội")
        let empty = try CardQRCode(parsing: "001099012345||Nguyễn Văn A|15011999|Nam|Hà Nội|01072024")
        #expect(empty == six)
    }

    @Test func decomposedTextIsReadAsNFC() throws {
        let nfd = Self.payload.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.utf8) != Array(Self.payload.utf8))
        #expect(try CardQRCode(parsing: nfd) == (try CardQRCode(parsing: Self.payload)))
    }

    @Test func eachBadFieldIsNamed() {
        let cases: [(String, String)] = [
            // Six fields are read as the layout without a CMND, so the CMND lands where the name belongs.
            ("001099012345|123456789|Nguyễn Văn A|15011999|Nam|Hà Nội", "fullName"),
            ("00109901234|123456789|Nguyễn Văn A|15011999|Nam|Hà Nội|01072024", "personalNumber"),
            ("001099012345|12345|Nguyễn Văn A|15011999|Nam|Hà Nội|01072024", "legacyIdNumber"),
            ("001099012345|123456789||15011999|Nam|Hà Nội|01072024", "fullName"),
            ("001099012345|123456789|Nguyễn Văn A|32011999|Nam|Hà Nội|01072024", "dateOfBirth"),
            ("001099012345|123456789|Nguyễn Văn A|15011998|Nam|Hà Nội|01072024", "dateOfBirth"),
            ("001099012345|123456789|Nguyễn Văn A|15011999|Nữ|Hà Nội|01072024", "sex"),
            ("001099012345|123456789|Nguyễn Văn A|15011999|Male|Hà Nội|01072024", "sex"),
            ("001099012345|123456789|Nguyễn Văn A|15011999|Nam|Hà Nội|072024", "issuedOn"),
            ("a|b", "payload"),
            (String(repeating: "x", count: 2000), "payload"),
        ]
        for (text, field) in cases {
            #expect(throws: CardTextError.self) { try CardQRCode(parsing: text) }
            do { _ = try CardQRCode(parsing: text) } catch { #expect(error.field == field, "\(text.prefix(60))") }
        }
    }

    @Test func everyPayloadItWritesReadsBackTheSame() throws {
        var rng = SplitMix64(seed: 42)
        let names = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Minh Khang", "Hồ Thị Xuân Hương"]
        for _ in 0..<2_000 {
            let year = Int.random(in: 1920...2025, using: &rng)
            let sex: Sex = Bool.random(using: &rng) ? .male : .female
            let number = try PersonalNumber(
                prefix: try PersonalNumberPrefix(placeCode: "079", sex: sex, birthYear: year),
                serial: Int.random(in: 0...999_999, using: &rng))
            let month = Int.random(in: 0...12, using: &rng)
            let born = month == 0 ? try PartialDate(year: year) : try PartialDate(year: year, month: month, day: Int.random(in: 1...28, using: &rng))
            let qr = CardQRCode(
                personalNumber: number, legacyIdNumber: Bool.random(using: &rng) ? "0123456\(Int.random(in: 10...99, using: &rng))" : nil,
                fullName: try VietnameseName(names[Int.random(in: 0..<names.count, using: &rng)]), dateOfBirth: born, sex: sex,
                residence: "Số \(Int.random(in: 1...300, using: &rng)) Lê Lợi | Bến Thành", issuedOn: try LocalDate(iso: "2024-07-01"))
            #expect(try CardQRCode(parsing: qr.payload) == qr)
        }
    }

    @Test func randomInputIsRefusedNeverCrashes() {
        var rng = SplitMix64(seed: 5)
        let alphabet = Array("0123456789|||Nguyễn Văn ANam Nữ đ\u{0301}\u{0000}")
        for _ in 0..<20_000 {
            let text = String((0..<Int.random(in: 0...80, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            do { _ = try CardQRCode(parsing: text) } catch { #expect(!error.field.isEmpty) }
        }
    }
}
