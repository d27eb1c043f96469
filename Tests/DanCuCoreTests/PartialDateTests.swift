import DanCuCore
import PropertyBased
import Testing

@Suite struct PartialDateTests {
    @Test func parsesAndPrintsEachPrecision() throws {
        for text in ["1950", "1950-07", "1950-07-15", "2000-02-29"] {
            #expect(try PartialDate(iso: text).description == text)
        }
        for bad in ["1950-13", "1950-02-30", "1900-02-29", "50", "1950-7", "", "abcd", "1950-07-15-01"] {
            #expect(throws: DateError.self) { try PartialDate(iso: bad) }
        }
    }

    @Test func agesNeverOverstate() throws {
        let today = try LocalDate(iso: "2026-06-15")
        #expect(try PartialDate(iso: "1950").age(on: today) == 75)
        #expect(try PartialDate(iso: "1950").maximumAge(on: today) == 76)
        #expect(try PartialDate(iso: "2012-06-15").age(on: today) == 14)
        #expect(try PartialDate(iso: "2012-06-16").age(on: today) == 13)
    }

    @Test func dayNumbersRoundTrip() async {
        await propertyCheck(count: 2000, input: Gen.int(in: -200_000...2_000_000)) { n in
            let d = LocalDate(dayNumber: n)
            #expect(d.dayNumber == n)
            #expect((try? LocalDate(iso: d.description)) == d)
        }
    }
}
