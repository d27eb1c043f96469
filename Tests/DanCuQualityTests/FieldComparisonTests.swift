import DanCuCore
import Testing

@testable import DanCuQuality

@Suite struct FieldComparisonTests {
    func pair(_ a: LinkageRecord, _ b: LinkageRecord) -> ComparisonVector { PreparedRecords([a, b]).compare(0, 1) }

    func record(dob: String? = nil, number: String? = nil, province: String? = nil, ward: String? = nil, sex: Sex? = nil) throws -> LinkageRecord {
        LinkageRecord(
            recordId: "x", fullName: "Lê Văn An", sex: sex, dateOfBirth: try dob.map { try PartialDate(iso: $0) }, personalNumber: number,
            provinceCode: province, wardCode: ward)
    }

    @Test func datesSwappedPartialAndOneApart() throws {
        func level(_ a: String?, _ b: String?) throws -> DateLevel? {
            DateLevel(rawValue: pair(try record(dob: a), try record(dob: b))[.dateOfBirth])
        }
        #expect(try level("1990-03-07", "1990-03-07") == .same)
        #expect(try level("1990-03-07", "1990-07-03") == .dayMonthSwapped)
        #expect(try level("1990-03-07", "1990") == .yearAgrees)
        #expect(try level("1990-03-07", "1990-03") == .monthAgrees)
        #expect(try level("1990-03-07", "1990-04") == .sameYear)
        #expect(try level("1990-03-07", "1990-03-17") == .sameYearAndMonth)
        #expect(try level("1990-03-07", "1990-05-09") == .sameYear)
        #expect(try level("1990-03-07", "1991-03-07") == .yearsOneApart)
        #expect(try level("1990-03-07", "1980-03-07") == .yearsOneApart, "one digit of the year mistyped")
        #expect(try level("1990-03-07", "1975-03-07") == .different)
        #expect(try level("1990-03-07", nil) == .missing)
    }

    @Test func personalNumbersByStructure() throws {
        func level(_ a: String?, _ b: String?) throws -> NumberLevel? {
            NumberLevel(rawValue: pair(try record(number: a), try record(number: b))[.personalNumber])
        }
        #expect(try level("001090123456", "001090123456") == .same)
        #expect(try level("001090123456", "001090123457") == .oneDigit)
        #expect(try level("001090123456", "001090213456") == .oneDigit, "neighbours swapped")
        #expect(try level("001090123456", "001090654321") == .different)
        #expect(try level("001090123456", "01090123456") == .different, "a digit left out is not the same number")
        #expect(try level("001090123456", nil) == .missing)
    }

    @Test func residenceAndSex() throws {
        #expect(pair(try record(province: "01", ward: "00004"), try record(province: "01", ward: "00004"))[.residence] == ResidenceLevel.sameWard.rawValue)
        #expect(pair(try record(province: "01", ward: "00004"), try record(province: "01", ward: "00008"))[.residence] == ResidenceLevel.sameProvince.rawValue)
        #expect(
            pair(try record(province: "01", ward: "00004"), try record(province: "79", ward: "26734"))[.residence] == ResidenceLevel.differentProvince.rawValue)
        #expect(pair(try record(), try record(province: "79"))[.residence] == ResidenceLevel.missing.rawValue)
        #expect(pair(try record(sex: .male), try record(sex: .female))[.sex] == SexLevel.different.rawValue)
        #expect(pair(try record(sex: .male), try record())[.sex] == SexLevel.missing.rawValue)
    }
}
