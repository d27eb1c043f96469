import DanCuAccess
import DanCuCore
import Testing

@Suite struct AccessPolicyTests {
    static let units = ReferenceData.bundled.units

    static func request(_ role: Role, _ place: Jurisdiction, _ purpose: Purpose? = .civilStatus) -> AccessRequest {
        AccessRequest(officer: Officer(username: "o", displayName: "O", role: role, jurisdiction: place), purpose: purpose, requestId: "r")
    }

    static let baDinh = Area(wards: ["00004"], provinces: ["01"])

    @Test func communeOfficersActInTheirOwnWardOnly() {
        #expect(AccessPolicy.refusal(Self.request(.communeOfficer, .ward("00004")), .personalData(Self.baDinh)) == nil)
        #expect(AccessPolicy.refusal(Self.request(.communeOfficer, .ward("00008")), .personalData(Self.baDinh)) != nil)
    }

    @Test func provinceAndCentralOfficersCoverTheirArea() {
        #expect(AccessPolicy.refusal(Self.request(.provinceOfficer, .province("01")), .personalData(Self.baDinh)) == nil)
        #expect(AccessPolicy.refusal(Self.request(.provinceOfficer, .province("79")), .personalData(Self.baDinh)) != nil)
        #expect(AccessPolicy.refusal(Self.request(.centralOfficer, .nation), .personalData(Self.baDinh)) == nil)
    }

    @Test func auditorsAndAdministratorsReadNoRegisterData() {
        #expect(AccessPolicy.refusal(Self.request(.auditor, .nation, .audit), .personalData(Self.baDinh)) != nil)
        #expect(AccessPolicy.refusal(Self.request(.administrator, .nation), .personalData(Self.baDinh)) != nil)
        #expect(AccessPolicy.refusal(Self.request(.auditor, .nation, .audit), .accessLog) == nil)
        #expect(AccessPolicy.refusal(Self.request(.auditor, .nation, .civilStatus), .accessLog) != nil)
        #expect(AccessPolicy.refusal(Self.request(.centralOfficer, .nation, .audit), .accessLog) != nil)
    }

    @Test func everyRequestNeedsAPurpose() {
        #expect(AccessPolicy.refusal(Self.request(.centralOfficer, .nation, nil), .personalData(Self.baDinh)) == .noPurpose)
        #expect(AccessPolicy.refusal(Self.request(.auditor, .nation, nil), .accessLog) == .noPurpose)
        // The audit purpose is not a way into register data.
        #expect(AccessPolicy.refusal(Self.request(.centralOfficer, .nation, .audit), .personalData(Self.baDinh)) != nil)
    }

    @Test func aPersonBelongsWhereTheyLiveAndWereRegistered() throws {
        let home = Place(provinceCode: "01", wardCode: "00004")
        // Registered in the pre-reform Bình Chánh (legacy 27637), now living in Ba Đình.
        let person = Person(
            personalNumber: try PersonalNumber("079080000001"), name: try VietnameseName("Võ Văn Em"),
            dateOfBirth: try PartialDate(iso: "1980"), sex: .male,
            birthRegistrationPlace: Place(provinceCode: "79", wardCode: "27637", unitList: .legacy),
            currentResidence: home)
        let area = Area(of: person, units: Self.units)
        #expect(area.wards.contains("00004"))
        #expect(area.provinces == ["01", "79"])
        #expect(Jurisdiction.province("79").covers(area))
        #expect(!Jurisdiction.ward("00008").covers(area))
    }

    @Test func aCitizenReadsOnlyTheirOwnDataInSelfService() {
        func citizen(_ number: String, _ purpose: Purpose? = .selfService) -> AccessRequest {
            AccessRequest(officer: Officer(username: number, displayName: number, role: .citizen, jurisdiction: .nation), purpose: purpose, requestId: "r")
        }
        #expect(AccessPolicy.refusal(citizen("001080000301"), .ownData(subject: "001080000301")) == nil)
        #expect(AccessPolicy.refusal(citizen("001080000301"), .ownData(subject: "001080000302")) != nil)
        #expect(AccessPolicy.refusal(citizen("001080000301", .publicService), .ownData(subject: "001080000301")) != nil)
        // Nothing else: register data, the access log, cards and verification are officers' and relying parties'.
        for purpose in Purpose.allCases {
            #expect(AccessPolicy.refusal(citizen("001080000301", purpose), .personalData(Area())) != nil)
            #expect(AccessPolicy.refusal(citizen("001080000301", purpose), .accessLog) != nil)
        }
        // And no officer reads through self-service, whatever their name.
        for role in Role.allCases where role != .citizen {
            let officer = AccessRequest(
                officer: Officer(username: "001080000301", displayName: "x", role: role, jurisdiction: .nation),
                purpose: .selfService, requestId: "r")
            #expect(AccessPolicy.refusal(officer, .ownData(subject: "001080000301")) != nil)
        }
    }
}
