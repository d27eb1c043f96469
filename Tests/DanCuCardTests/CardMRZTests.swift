import DanCuCard
import DanCuCore
import DanCuRegister
import Testing

@Suite struct CardMRZTests {
    static let sample = ["IDVNM0990123459001099012345<<0", "9901155M2401151VNM<<<<<<<<<<<8", "NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<"]

    @Test func checkDigitsFollowICAO9303() {
        // ICAO Doc 9303 Part 3's own examples.
        #expect(MRZCheckDigit.of("L898902C3") == "6")
        #expect(MRZCheckDigit.of("740812") == "2")
        #expect(MRZCheckDigit.of("120415") == "9")
        #expect(MRZCheckDigit.of("<<<<<<") == "0")
        #expect(MRZCheckDigit.of("abc") == nil)
    }

    @Test func theFactsFileSampleIsReadAndWrittenAlike() throws {
        let mrz = try CardMRZ(parsing: Self.sample.joined(separator: "\n"))
        #expect(mrz.personalNumber.rawValue == "001099012345")
        #expect(mrz.documentNumber == "099012345")
        #expect(mrz.dateOfBirth == "990115")
        #expect(mrz.birthDate == (try PartialDate(iso: "1999-01-15")))
        #expect(mrz.sex == .male)
        #expect(mrz.expiryDate == (try LocalDate(iso: "2024-01-15")))
        #expect(mrz.familyName == "NGUYEN" && mrz.givenNames == "VAN A")
        let made = CardMRZ(
            personalNumber: try PersonalNumber("001099012345"), name: try VietnameseName("Nguyễn Văn A"),
            dateOfBirth: try PartialDate(iso: "1999-01-15"), sex: .male, expiry: try LocalDate(iso: "2024-01-15"))
        #expect(made.lines == Self.sample)
    }

    @Test func vietnameseNamesLoseTheirMarksAndĐBecomesD() throws {
        let mrz = CardMRZ(
            personalNumber: try PersonalNumber("079305000001"), name: try VietnameseName("Đặng Thị Ánh Tuyết"),
            dateOfBirth: try PartialDate(iso: "2005-03-09"), sex: .female, expiry: try LocalDate(iso: "2030-03-09"))
        #expect(mrz.lines[2] == "DANG<<THI<ANH<TUYET<<<<<<<<<<<")
        #expect(mrz.lines[1].hasPrefix("050309"))
    }

    @Test func partialBirthDatesAndCardsForLifeUseFillers() throws {
        let mrz = CardMRZ(
            personalNumber: try PersonalNumber("001050000123"), name: try VietnameseName("Lê Văn Bảy"),
            dateOfBirth: try PartialDate(iso: "1950"), sex: .male, expiry: nil)
        #expect(mrz.lines[1].hasPrefix("50<<<<5M<<<<<<0VNM"))
        let read = try CardMRZ(parsing: mrz.lines.joined())
        #expect(read == mrz)
        #expect(read.birthDate == (try PartialDate(iso: "1950")))
        #expect(read.expiryDate == nil)
    }

    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let givens = ["Văn An", "Thị Bích Ngọc", "Minh Khang", "Đức", "Thị Thu Hương", "Quốc Bảo Long Giang Sơn Hà Nội Đông"]

    static func randomMRZ(_ rng: inout SplitMix64) throws -> CardMRZ {
        let year = Int.random(in: 1900...2099, using: &rng)
        let sex: Sex = Bool.random(using: &rng) ? .male : .female
        let prefix = try PersonalNumberPrefix(placeCode: "001", sex: sex, birthYear: year)
        let number = try PersonalNumber(prefix: prefix, serial: Int.random(in: 0...999_999, using: &rng))
        let month = Int.random(in: 0...12, using: &rng)
        let born =
            month == 0
            ? try PartialDate(year: year)
            : try PartialDate(year: year, month: month, day: Bool.random(using: &rng) ? Int.random(in: 1...28, using: &rng) : nil)
        let expiry =
            Bool.random(using: &rng)
            ? nil
            : try LocalDate(
                year: Int.random(in: 2025...2099, using: &rng), month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))
        let name = try VietnameseName(
            families[Int.random(in: 0..<families.count, using: &rng)] + " "
                + givens[Int.random(in: 0..<givens.count, using: &rng)])
        return CardMRZ(personalNumber: number, name: name, dateOfBirth: born, sex: sex, expiry: expiry)
    }

    @Test func everyMRZItWritesReadsBackTheSame() throws {
        var rng = SplitMix64(seed: 20_261_129)
        for _ in 0..<3_000 {
            let mrz = try Self.randomMRZ(&rng)
            #expect(mrz.lines.allSatisfy { $0.count == 30 })
            #expect(try CardMRZ(parsing: mrz.lines.joined(separator: "\n")) == mrz)
        }
    }

    /// Any single character changed in lines 1 and 2 is caught: by a check digit, a fixed part of the
    /// layout, or the personal number's own sex and year.
    @Test func everySingleChangeInTheDataLinesIsRefused() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
        var refused = 0
        for _ in 0..<400 {
            let lines = try Self.randomMRZ(&rng).lines
            var chars = Array(lines.joined())
            let position = Int.random(in: 0..<60, using: &rng)
            let original = chars[position]
            var replacement = original
            while replacement == original { replacement = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            chars[position] = replacement
            #expect(throws: CardTextError.self, "position \(position): \(original) → \(replacement)") {
                try CardMRZ(parsing: String(chars))
            }
            refused += 1
        }
        #expect(refused == 400)
    }

    /// Random text never crashes the reader: it is refused with a named field, or (if it happens to be a
    /// valid MRZ) read.
    @Test func randomInputIsRefusedNeverCrashes() {
        var rng = SplitMix64(seed: 99)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<<<\nđĐé|")
        for i in 0..<20_000 {
            let length = i % 3 == 0 ? 90 : Int.random(in: 0...120, using: &rng)
            let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            do { _ = try CardMRZ(parsing: text) } catch { #expect(!error.field.isEmpty) }
        }
        // Arbitrary bytes, decoded as UTF-8 with repairs.
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...100, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do { _ = try CardMRZ(parsing: String(decoding: bytes, as: UTF8.self)) } catch { #expect(!error.field.isEmpty) }
        }
    }
}
