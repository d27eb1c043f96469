import DanCuCore
import Testing

@Suite struct ReferenceDataTests {
    let reference = ReferenceData.bundled

    @Test func listsHaveTheOfficialSizes() {
        #expect(reference.units.provinces.count == 34)
        #expect(reference.units.wards.count == 3321)
        #expect(reference.units.legacyProvinces.count == 63)
        #expect(reference.units.legacyDistricts.count == 696)
        #expect(reference.units.legacyWards.count == 10035)
        #expect(reference.ethnicities.count == 54)
        #expect(reference.nationality("VNM")?.vietnameseName == "Việt Nam")
    }

    @Test func everyPersonalNumberProvinceIsALegacyProvince() throws {
        for code in PersonalNumber.provinceCodes {
            #expect(reference.units.legacyProvince(String(code.suffix(2))) != nil, "\(code)")
        }
        #expect(reference.units.birthRegistrationProvince(of: try PersonalNumber("079099012345"))?.shortName == "Hồ Chí Minh")
    }

    @Test func convertsOldWardsOnlyWhenCertain() {
        #expect(reference.units.provinceConversion["02"] == "08")
        guard case .certain(let ward) = reference.units.convert(legacyWardCode: "00001") else {
            Issue.record("00001 should convert with certainty")
            return
        }
        #expect(ward.code == "00097")
        #expect(reference.units.convert(legacyWardCode: "99999") == .unknown)
    }
}
