import DanCuCard
import DanCuCore
@_spi(Gate) import DanCuRegister
import Testing

/// Card data made from realistic register records (the synthetic population): every card's MRZ, DG1,
/// DG13 and QR payload read back to the same values, for the young, the old, partial birth dates,
/// names with every mark, and people registered before the 2025 reform.
@Suite struct CardDataTests {
    @Test func everySyntheticPersonGetsCardDataThatReadsBack() throws {
        let reference = ReferenceData.bundled
        var population = SyntheticPopulation(seed: 11, reference: reference)
        let issued = try LocalDate(iso: "2026-06-01")
        var people = 0
        var forLife = 0
        var withoutFace = 0
        while people < 3_000 {
            for person in try population.nextHousehold().people where person.isAlive {
                let card = CardData(person: person, issuedOn: issued, reference: reference)
                #expect(try CardMRZ(parsing: card.mrz.lines.joined()) == card.mrz, "\(person.personalNumber)")
                #expect(try DataGroup1(bytes: DataGroup1(mrz: card.mrz).bytes).mrz == card.mrz)
                #expect(try DataGroup13(bytes: card.dg13.bytes) == card.dg13, "\(person.personalNumber)")
                #expect(try CardQRCode(parsing: card.qr.payload) == card.qr, "\(person.personalNumber)")
                #expect(card.dg13.personalNumber == person.personalNumber.rawValue)
                #expect(card.mrz.birthDate == person.dateOfBirth, "\(person.personalNumber)")
                if let expiry = card.expiry { #expect(expiry > issued) } else { forLife += 1 }
                if !card.carriesFaceImage { withoutFace += 1 }
                people += 1
            }
        }
        // The population has both the old (cards for life) and the very young (no face image).
        #expect(forLife > 0 && withoutFace > 0)
    }

    @Test func theCardShowsNamesFromTheReferenceTables() throws {
        let reference = ReferenceData.bundled
        let home = Place(provinceCode: "01", wardCode: "00004", detail: "Số 1 Hùng Vương")
        let person = Person(
            personalNumber: try PersonalNumber("001099012345"), name: try VietnameseName("Nguyễn Văn A"),
            dateOfBirth: try PartialDate(iso: "1999-01-15"), sex: .male, currentResidence: home)
        let card = CardData(person: person, issuedOn: try LocalDate(iso: "2024-07-01"), reference: reference)
        let ward = try #require(reference.units.ward("00004"))
        let province = try #require(reference.units.province("01"))
        #expect(card.dg13.residence == "Số 1 Hùng Vương, \(ward.name), \(province.name)")
        #expect(card.qr.residence == card.dg13.residence)
        #expect(card.dg13.ethnicity == reference.ethnicity("01")?.name)
        #expect(card.dg13.nationality == reference.nationality("VNM")?.vietnameseName)
        #expect(card.dg13.expiresOn == "15/01/2039")
        // The facts file's sample, but expiring at 40 (issued after 25).
        #expect(card.mrz.lines[0] == CardMRZTests.sample[0] && card.mrz.lines[2] == CardMRZTests.sample[2])
        #expect(card.mrz.lines[1].hasPrefix("9901155M3901153VNM"))
    }
}
