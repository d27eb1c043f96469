import DanCuCore
import Foundation
import Testing

@testable import DanCuQuality

/// Each rule with a record that breaks it and the record that keeps it.
@Suite struct QualityRuleTests {
    static let today = LocalDate(unchecked: 2026, 12, 4)
    let context = QualityContext(today: Self.today, reference: .bundled)

    /// A whole, clean, live record: a married man of Hà Nội born 17 May 1990, whose birth was registered in Hà Nội.
    func keeper() throws -> Person {
        var p = Person(
            personalNumber: try PersonalNumber("001090123456"), name: try VietnameseName("Nguyễn Văn An"), dateOfBirth: try PartialDate(iso: "1990-05-17"),
            sex: .male, placeOfBirth: Place(provinceCode: "01", unitList: .legacy), birthRegistrationPlace: Place(provinceCode: "01", unitList: .legacy),
            placeOfOrigin: Place(provinceCode: "01", unitList: .legacy),
            permanentResidence: Residence(place: Place(provinceCode: "01", wardCode: "00004"), since: LocalDate(unchecked: 2025, 9, 1)),
            maritalStatus: .married)
        p.spouse = PersonReference(name: try VietnameseName("Trần Thị Bình"), personalNumber: try PersonalNumber("001192654321"))
        p.father = PersonReference(name: try VietnameseName("Nguyễn Văn Cường"), personalNumber: try PersonalNumber("001060111111"))
        p.identityDocuments = [
            IdentityDocumentRecord(
                kind: .identityCard, number: "001090123456", issuedOn: LocalDate(unchecked: 2024, 8, 1), issuedBy: "Bộ Công an",
                validUntil: LocalDate(unchecked: 2030, 5, 17))
        ]
        return p
    }

    func rules(_ p: Person, _ context: QualityContext? = nil) -> Set<QualityRule> {
        Set(QualityAssessment.assess(p, context ?? self.context).findings.map(\.rule))
    }

    func breaks(_ rule: QualityRule, _ change: (inout Person) throws -> Void) throws {
        var p = try keeper()
        try change(&p)
        let found = rules(p)
        #expect(found.contains(rule), "\(rule) not found in \(found)")
    }

    @Test func theKeeperKeepsEveryRuleAndIsWhole() throws {
        let quality = QualityAssessment.assess(try keeper(), context)
        #expect(quality.findings.isEmpty, "\(quality.findings)")
        #expect(quality.completeness == 1)
        for dimension in QualityDimension.allCases { #expect(quality.keeps(dimension)) }
    }

    @Test func correct() throws {
        try breaks(.numberMatchesPerson) { $0.sex = .female }
        try breaks(.numberMatchesPerson) { $0.dateOfBirth = try PartialDate(iso: "1991-05-17") }
        try breaks(.numberMatchesBirthRegistration) { $0.birthRegistrationPlace = Place(provinceCode: "79", unitList: .legacy) }
        try breaks(.numberMatchesBirthRegistration) { $0.birthRegistrationPlace = Place(provinceCode: "79") }
        #expect(
            rules(
                try {
                    var p = try keeper()
                    p.birthRegistrationPlace = Place(provinceCode: "01")
                    return p
                }()
            ).isEmpty, "the current list's code for the same province")
        try breaks(.codesValid) { $0.ethnicity = "99" }
        try breaks(.codesValid) { $0.permanentResidence?.place.wardCode = "99999" }
        try breaks(.datesInOrder) { $0.vitalStatus = .dead(try PartialDate(iso: "1989")) }
        try breaks(.parentsOlder) { $0.father?.personalNumber = try PersonalNumber("001085111111") }
        try breaks(.parentsOlder) { $0.mother = PersonReference(name: $0.name, personalNumber: $0.personalNumber) }
        try breaks(.spouseNotParentOrChild) { $0.spouse = $0.father }
        try breaks(.spouseNotParentOrChild) { $0.children = [$0.spouse].compactMap { $0 } }
        try breaks(.nothingAfterDeath) { $0.vitalStatus = .dead(try PartialDate(iso: "2025-06")) }
        try breaks(.wardExistedThen) {
            $0.permanentResidence = Residence(place: Place(provinceCode: "01", wardCode: "00001", unitList: .legacy), since: LocalDate(unchecked: 2025, 8, 1))
        }
        var before = try keeper()
        before.permanentResidence = Residence(place: Place(provinceCode: "01", wardCode: "00001", unitList: .legacy), since: LocalDate(unchecked: 2019, 8, 1))
        #expect(rules(before).isEmpty, "an old ward for a residence registered before the reform")
    }

    @Test func complete() throws {
        try breaks(.requiredFieldsPresent) { $0.spouse = nil }
        try breaks(.requiredFieldsPresent) { $0.placeOfOrigin = nil }
        try breaks(.requiredFieldsPresent) { $0.permanentResidence = nil }
        try breaks(.requiredFieldsPresent) { $0.householdId = "HK0000000001" }
        try breaks(.dateOfBirthWhole) { $0.dateOfBirth = try PartialDate(iso: "1990-05") }
        var child = try keeper()
        child.personalNumber = try PersonalNumber("001215123456")
        child.dateOfBirth = try PartialDate(iso: "2015-03-02")
        child.maritalStatus = .single
        child.spouse = nil
        child.identityDocuments = []
        #expect(rules(child).isEmpty)
        child.father = nil
        #expect(rules(child) == [.requiredFieldsPresent], "a child needs a parent")
        var partial = try keeper()
        partial.dateOfBirth = try PartialDate(iso: "1990")
        partial.placeOfOrigin = nil
        let quality = QualityAssessment.assess(partial, context)
        // Required: the three always there, five places and codes, residence, spouse: 10; one missing, the date half.
        #expect(abs(quality.completeness - 8.5 / 10) < 1e-9, "\(quality.completeness)")
    }

    @Test func clean() throws {
        #expect(
            rules(try keeper(), QualityContext(today: Self.today, reference: .bundled, suspectedDuplicates: [try PersonalNumber("001090123456")])) == [
                .notSuspectedDuplicate
            ])
        try breaks(.namesClean) { $0.spouse?.name = try VietnameseName("TRẦN THỊ BÌNH") }
        try breaks(.noPlaceholderDate) { $0.dateOfBirth = try PartialDate(iso: "1990-01-01") }
        #expect(NameHygiene.problem("Nguyễn Văn An") == nil)
        #expect(NameHygiene.problem("H'Hen Niê") == nil)
        #expect(NameHygiene.problem("\u{00D0}ặng Văn An") == "'Ð' (eth) written for 'Đ'")
        #expect(NameHygiene.problem("Nguyễn Văn An".decomposedStringWithCanonicalMapping) == "not in Unicode NFC")
        #expect(NameHygiene.problem("Nguyễn  Văn An") == "stray spaces")
        #expect(NameHygiene.problem("Nguyễn Văn An2") == "the character '2' has no place in a name")
        #expect(NameHygiene.problem("nguyễn Văn An") == "'nguyễn' is not written with one capital letter")
    }

    @Test func live() throws {
        try breaks(.temporaryResidenceCurrent) {
            $0.temporaryResidence = Residence(
                place: Place(provinceCode: "79", wardCode: "26734"), since: LocalDate(unchecked: 2025, 1, 1), until: LocalDate(unchecked: 2026, 1, 1))
        }
        try breaks(.temporaryAbsenceCurrent) {
            $0.temporaryAbsence = TemporaryAbsence(from: LocalDate(unchecked: 2025, 1, 1), until: LocalDate(unchecked: 2026, 1, 1), reason: "đi làm ăn xa")
        }
        try breaks(.cardCurrent) { $0.identityDocuments[0].validUntil = LocalDate(unchecked: 2026, 1, 1) }
        try breaks(.cardCurrent) {
            // Issued at 22; the 25th birthday was in 2015 and no card since.
            $0.identityDocuments[0].issuedOn = LocalDate(unchecked: 2012, 6, 1)
            $0.identityDocuments[0].validUntil = nil
        }
        var early = try keeper()
        early.identityDocuments[0].issuedOn = LocalDate(unchecked: 2013, 6, 1)
        early.identityDocuments[0].validUntil = nil
        #expect(!rules(early).contains(.cardCurrent), "issued at 23, within two years of 25, valid to 40")
        #expect(
            rules(try keeper(), QualityContext(today: Self.today, reference: .bundled, deathNotices: [try PersonalNumber("001090123456")])) == [.deathRecorded])
        try breaks(.deathRecorded) {
            $0.personalNumber = try PersonalNumber("001900123456")
            $0.dateOfBirth = try PartialDate(iso: "1900-05-17")
            $0.father = nil
        }
    }

    @Test func talliesAddUpAndRollUp() throws {
        var ward = QualityTally()
        ward.add(QualityAssessment.assess(try keeper(), context))
        var broken = try keeper()
        broken.dateOfBirth = try PartialDate(iso: "1990-01-01")
        broken.sex = .female
        ward.add(QualityAssessment.assess(broken, context))
        #expect(ward.records == 2)
        #expect(ward.share(.correct) == 0.5 && ward.share(.clean) == 0.5 && ward.share(.complete) == 1 && ward.share(.live) == 1)
        #expect(ward.breaking == [.numberMatchesPerson: 1, .noPlaceholderDate: 1])
        var province = QualityTally()
        province.add(ward)
        province.add(ward)
        #expect(province.records == 4 && province.keeping[.correct] == 2)
    }
}
