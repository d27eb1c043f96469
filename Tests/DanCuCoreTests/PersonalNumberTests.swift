import DanCuCore
import PropertyBased
import Testing

@Suite struct PersonalNumberTests {
    static let places = Array(PersonalNumber.provinceCodes).sorted() + ["101", "175", "232", "295"]

    @Test func decodesTheDocumentedExample() throws {
        let n = try PersonalNumber("001099012345")
        #expect(n.placeCode == "001")
        #expect(n.sex == .male)
        #expect(n.birthYear == 1999)
        #expect(n.serial == 12345)
        #expect(!n.isRegisteredAbroad)
        let f = try PersonalNumber("079305000001")
        #expect(f.sex == .female && f.birthYear == 2005)
    }

    @Test func everyPrefixRoundTripsThroughItsParts() async {
        await propertyCheck(
            count: 2000, input: Gen.int(in: 0...(Self.places.count - 1)), Gen.int(in: 1900...2399),
            Gen.bool, Gen.int(in: 0...999_999)
        ) { placeIndex, year, female, serial in
            let sex: Sex = female ? .female : .male
            let place = Self.places[placeIndex]
            do {
                let prefix = try PersonalNumberPrefix(placeCode: place, sex: sex, birthYear: year)
                let number = try PersonalNumber(prefix: prefix, serial: serial)
                let parsed = try PersonalNumber(number.rawValue)
                #expect(parsed.sex == sex)
                #expect(parsed.birthYear == year)
                #expect(parsed.placeCode == place)
                #expect(parsed.serial == serial)
                #expect(throws: Never.self) { try parsed.validate(sex: sex, birthYear: year) }
                #expect(throws: PersonalNumberError.self) { try parsed.validate(sex: sex == .male ? .female : .male, birthYear: year) }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func rejectsEveryWrongLengthAndNonDigit() async {
        await propertyCheck(count: 1000, input: Gen.letterOrNumber.string(of: 0...20)) { text in
            let valid =
                text.utf8.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
                && PersonalNumber.isKnownPlaceCode(String(text.prefix(3)))
            let parsed = (try? PersonalNumber(text)) != nil
            #expect(parsed == valid)
        }
    }

    @Test func unknownPlaceCodesAreRejected() {
        #expect(throws: PersonalNumberError.unknownPlaceCode("003")) { try PersonalNumber("003099012345") }
        #expect(throws: PersonalNumberError.unknownPlaceCode("099")) { try PersonalNumber("099099012345") }
        #expect(throws: PersonalNumberError.unknownPlaceCode("300")) { try PersonalNumber("300099012345") }
        #expect(throws: PersonalNumberError.wrongLength(11)) { try PersonalNumber("00109901234") }
        #expect(throws: PersonalNumberError.notDigits) { try PersonalNumber("00109901234a") }
    }
}
