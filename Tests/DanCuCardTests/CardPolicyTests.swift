import DanCuAccess
import DanCuCard
import DanCuCore
import Testing

/// The card capability's rules, composed in DanCuCard from the gate's shared rules.
enum AccessPolicyTests {
    static func request(_ role: Role, _ place: Jurisdiction, _ purpose: Purpose? = .civilStatus) -> AccessRequest {
        AccessRequest(officer: Officer(username: "o", displayName: "O", role: role, jurisdiction: place), purpose: purpose, requestId: "r")
    }

    static let baDinh = Area(wards: ["00004"], provinces: ["01"])
}

@Suite struct CardPolicyTests {
    static let baDinh = AccessPolicyTests.baDinh
    static let commune = Jurisdiction.ward("00004"), province = Jurisdiction.province("01")

    static func allowed(_ role: Role, _ place: Jurisdiction, _ work: CardWork, _ purpose: Purpose = .identityCard) -> Bool {
        AccessPolicy.refusal(AccessPolicyTests.request(role, place, purpose), .card(work, baDinh)) == nil
    }

    @Test func theWardTakesApplicationsTheProvinceApprovesTheCentrePersonalises() {
        for work in [CardWork.read, .apply, .deliver, .report] {
            #expect(Self.allowed(.communeOfficer, Self.commune, work))
            #expect(!Self.allowed(.communeOfficer, .ward("00008"), work))
        }
        #expect(!Self.allowed(.communeOfficer, Self.commune, .approve))
        #expect(!Self.allowed(.communeOfficer, Self.commune, .revoke))
        #expect(Self.allowed(.provinceOfficer, Self.province, .approve))
        #expect(!Self.allowed(.provinceOfficer, .province("79"), .approve))
        #expect(!Self.allowed(.provinceOfficer, Self.province, .produce))
        #expect(Self.allowed(.centralOfficer, .nation, .produce))
    }

    @Test func cardWorkNeedsThePurposeIdentityCardReadsAnyButAudit() {
        #expect(!Self.allowed(.communeOfficer, Self.commune, .apply, .residenceManagement))
        #expect(Self.allowed(.communeOfficer, Self.commune, .read, .lawEnforcement))
        #expect(!Self.allowed(.centralOfficer, .nation, .read, .audit))
    }

    @Test func relyingPartiesVerifyCardsAndNothingElse() {
        let bank = AccessPolicyTests.request(.relyingParty, .nation, .identityVerification)
        #expect(AccessPolicy.refusal(bank, .cardVerification) == nil)
        #expect(AccessPolicy.refusal(AccessPolicyTests.request(.relyingParty, .nation, .publicService), .cardVerification) != nil)
        #expect(AccessPolicy.refusal(bank, .personalData(Self.baDinh)) != nil)
        #expect(AccessPolicy.refusal(bank, .card(.read, Self.baDinh)) != nil)
        #expect(AccessPolicy.refusal(AccessPolicyTests.request(.auditor, .nation, .identityVerification), .cardVerification) != nil)
        #expect(AccessPolicy.refusal(AccessPolicyTests.request(.communeOfficer, Self.commune, .identityVerification), .cardVerification) == nil)
    }

    @Test func citizensAndTheSystemNeitherWorkOnCardsNorVerifyThem() {
        for purpose in Purpose.allCases {
            let citizen = AccessRequest(
                officer: Officer(username: "001080000301", displayName: "c", role: .citizen, jurisdiction: .nation),
                purpose: purpose, requestId: "r")
            #expect(AccessPolicy.refusal(citizen, .card(.read, Area())) != nil)
            #expect(AccessPolicy.refusal(citizen, .cardVerification) != nil)
            #expect(AccessPolicy.refusal(AccessRequest(officer: .system("import"), purpose: purpose, requestId: "r"), .cardVerification) != nil)
        }
    }
}
