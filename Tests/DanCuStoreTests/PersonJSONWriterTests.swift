import DanCuCore
@_spi(Gate) import DanCuRegister
import Foundation
import Testing

@Suite struct PersonJSONWriterTests {
    func viaEncoder(_ p: Person) throws -> String { String(decoding: try PersonCodec.encoder().encode(p), as: UTF8.self) }

    @Test func writesTheSameBytesAsJSONEncoderForASyntheticPopulation() throws {
        var g = SyntheticPopulation(seed: 5, reference: .bundled)
        var checked = 0
        while checked < 5_000 {
            for p in try g.nextHousehold().people {
                #expect(PersonJSONWriter.encode(p) == (try viaEncoder(p)))
                checked += 1
            }
        }
    }

    @Test func writesEveryOptionalFieldAndEscapesText() throws {
        let day = try LocalDate(iso: "2020-02-29")
        let place = Place(country: "VNM", provinceCode: "01", wardCode: "00004", unitList: .legacy, detail: "Ngõ 5/7 \"Hàng Bạc\"\n\\ \u{01}")
        let ref = PersonReference(
            name: try VietnameseName("Lê Thị Hoa"), personalNumber: try PersonalNumber("001185000001"),
            legacyIdNumber: "123456789", nationality: "VNM")
        let p = Person(
            personalNumber: try PersonalNumber("001090000001"), name: try VietnameseName("Nguyễn Văn An"),
            otherNames: ["An \"Tí\""], dateOfBirth: try PartialDate(iso: "1990-07"), sex: .male,
            placeOfBirth: place, birthRegistrationPlace: place, placeOfOrigin: place, ethnicity: "02",
            religion: .caoDai, nationality: "VNM", otherNationalities: ["FRA"], bloodGroup: .abNegative,
            legacyIdNumber: "012345678",
            identityDocuments: [
                IdentityDocumentRecord(
                    kind: .cccd, number: "001090000001", issuedOn: day,
                    issuedBy: "Cục CS QLHC về TTXH", validUntil: day.adding(years: 10))
            ],
            father: ref, mother: ref, spouse: ref, children: [ref], legalRepresentative: ref, representedPersons: [ref],
            permanentResidence: Residence(place: place, since: day),
            temporaryResidence: Residence(place: place, since: day, until: day.adding(years: 1)),
            currentResidence: place,
            temporaryAbsence: TemporaryAbsence(from: day, until: day.adding(days: 40), destination: place, reason: "đi làm"),
            residenceFileNumber: "CT1", maritalStatus: .married, householdId: "HK1", relationshipToHead: .childInLaw,
            vitalStatus: .missing(try PartialDate(iso: "2024")), phone: "0912345678", email: "an@example.vn",
            mergedInto: try PersonalNumber("001090000002"), mergedNumbers: [try PersonalNumber("001090000003")])
        #expect(PersonJSONWriter.encode(p) == (try viaEncoder(p)))
        #expect(try PersonCodec.decode(Person.self, from: PersonJSONWriter.encode(p)) == p)
    }
}
