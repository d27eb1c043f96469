import DanCuCore
import Testing

@Suite struct RegisterRulesTests {
    func person(_ number: String = "001099012345", born: String = "1999-03-04", sex: Sex = .male) throws -> Person {
        Person(
            personalNumber: try PersonalNumber(number), name: try VietnameseName("Nguyễn Văn An"),
            dateOfBirth: try PartialDate(iso: born), sex: sex)
    }

    func event(_ change: LifeEventChange, on date: String = "2025-01-01") throws -> LifeEvent {
        LifeEvent(
            personalNumber: try PersonalNumber("001099012345"), change: change, validFrom: try LocalDate(iso: date),
            recordedAt: 1, officer: "test")
    }

    @Test func aParentIsPlausiblyOlder() throws {
        #expect(throws: Never.self) {
            try RegisterRules.checkParentAge(childBorn: PartialDate(iso: "2000-01-01"), parentBorn: PartialDate(iso: "1975"), field: "mother")
        }
        #expect(throws: RuleViolation.self) {
            try RegisterRules.checkParentAge(childBorn: PartialDate(iso: "2000"), parentBorn: PartialDate(iso: "1995"), field: "mother")
        }
        #expect(throws: RuleViolation.self) {
            try RegisterRules.checkParentAge(childBorn: PartialDate(iso: "2000"), parentBorn: PartialDate(iso: "1920"), field: "father")
        }
    }

    @Test func theDeadNeitherMarryNorMove() throws {
        let dead = try Projection.apply(event(.deathRecorded(date: PartialDate(iso: "2024"))), to: person())
        let spouse = PersonReference(name: try VietnameseName("Lê Thị Hoa"))
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.marriageRegistered(spouse: spouse)), to: dead) }
        let move = Residence(place: Place(provinceCode: "01", wardCode: "00004"), since: try LocalDate(iso: "2025-01-01"))
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.permanentResidenceRegistered(move)), to: dead) }
        #expect(throws: Never.self) { try Projection.apply(event(.corrected(PersonCorrection(bloodGroup: .aPositive))), to: dead) }
        let child = PersonReference(name: try VietnameseName("Nguyễn Văn Con"), personalNumber: try PersonalNumber("001225000009"))
        #expect(try Projection.apply(event(.childAdded(child)), to: dead).children == [child])
    }

    @Test func marriageNeedsAgeAndNoCurrentSpouse() throws {
        let young = try person(born: "2010-01-01")
        let spouse = PersonReference(name: try VietnameseName("Lê Thị Hoa"))
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.marriageRegistered(spouse: spouse)), to: young) }
        let married = try Projection.apply(event(.marriageRegistered(spouse: spouse)), to: person())
        #expect(married.maritalStatus == .married)
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.marriageRegistered(spouse: spouse)), to: married) }
        let divorced = try Projection.apply(event(.divorceRegistered), to: married)
        #expect(divorced.maritalStatus == .divorced && divorced.spouse == nil)
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.divorceRegistered), to: divorced) }
    }

    @Test func aSpouseIsNotAParent() throws {
        var p = try person()
        let father = try PersonalNumber("001065000001")
        p.father = PersonReference(name: try VietnameseName("Nguyễn Văn Bố"), personalNumber: father)
        let spouse = PersonReference(name: try VietnameseName("Nguyễn Văn Bố"), personalNumber: father)
        #expect(throws: RuleViolation.self) { try RegisterRules.checkSpouseIsNotRelative(p, spouse: spouse) }
    }

    @Test func temporaryResidenceEndsWithinTwoYears() throws {
        let place = Place(provinceCode: "01", wardCode: "00004")
        let since = try LocalDate(iso: "2025-01-01")
        #expect(throws: RuleViolation.self) { try RegisterRules.checkTemporaryResidence(Residence(place: place, since: since)) }
        #expect(throws: RuleViolation.self) { try RegisterRules.checkTemporaryResidence(Residence(place: place, since: since, until: since.adding(years: 3))) }
        #expect(throws: Never.self) { try RegisterRules.checkTemporaryResidence(Residence(place: place, since: since, until: since.adding(years: 1))) }
    }

    @Test func oneHouseholdAtATime() throws {
        let member = try Projection.apply(event(.joinedHousehold(householdId: "HK1", relationship: .child)), to: person())
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.joinedHousehold(householdId: "HK2", relationship: .child)), to: member) }
        let left = try Projection.apply(event(.leftHousehold(householdId: "HK1")), to: member)
        #expect(throws: Never.self) { try Projection.apply(event(.joinedHousehold(householdId: "HK2", relationship: .child)), to: left) }
    }

    @Test func aCorrectionCannotContradictTheNumber() throws {
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.corrected(PersonCorrection(sex: .female))), to: person()) }
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.corrected(PersonCorrection(dateOfBirth: PartialDate(iso: "1998")))), to: person()) }
        let fixed = try Projection.apply(event(.corrected(PersonCorrection(dateOfBirth: PartialDate(iso: "1999-03-05")))), to: person())
        #expect(fixed.dateOfBirth.description == "1999-03-05")
    }

    @Test func nothingHappensBeforeBirth() throws {
        let move = Residence(place: Place(provinceCode: "01", wardCode: "00004"), since: try LocalDate(iso: "1990-01-01"))
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.permanentResidenceRegistered(move), on: "1990-01-01"), to: person()) }
    }

    @Test func asOfReplaysByValidAndRecordedTime() throws {
        let p = try person()
        let a = Place(provinceCode: "01", wardCode: "00004")
        let b = Place(provinceCode: "01", wardCode: "00008")
        let events = [
            LifeEvent(
                personalNumber: p.personalNumber, change: .personRegistered(p), validFrom: try LocalDate(iso: "1999-03-04"), recordedAt: 10, officer: "t"),
            LifeEvent(
                personalNumber: p.personalNumber, change: .permanentResidenceRegistered(Residence(place: a, since: try LocalDate(iso: "2020-01-01"))),
                validFrom: try LocalDate(iso: "2020-01-01"), recordedAt: 20, officer: "t"),
            LifeEvent(
                personalNumber: p.personalNumber, change: .permanentResidenceRegistered(Residence(place: b, since: try LocalDate(iso: "2023-01-01"))),
                validFrom: try LocalDate(iso: "2023-01-01"), recordedAt: 30, officer: "t"),
        ]
        #expect(Projection.asOf(events: events, validOn: try LocalDate(iso: "2021-06-01"), recordedBy: 100)?.permanentResidence?.place == a)
        #expect(Projection.asOf(events: events, validOn: try LocalDate(iso: "2024-06-01"), recordedBy: 100)?.permanentResidence?.place == b)
        #expect(Projection.asOf(events: events, validOn: try LocalDate(iso: "2024-06-01"), recordedBy: 25)?.permanentResidence?.place == a)
        #expect(Projection.asOf(events: events, validOn: try LocalDate(iso: "1998-01-01"), recordedBy: 100) == nil)
    }
}

@Suite struct ParentRulesTests {
    static func person(_ name: String, sex: Sex, born: String, died: String? = nil) throws -> Person {
        var p = Person(
            personalNumber: try PersonalNumber(sex == .male ? "001080000101" : "001180000101"), name: try VietnameseName(name),
            dateOfBirth: try PartialDate(iso: born), sex: sex)
        if let died { p.vitalStatus = .dead(try PartialDate(iso: died)) }
        return p
    }

    @Test func aParentMustFitTheRoleAndBeAliveAtTheBirth() throws {
        let born = try LocalDate(iso: "2026-10-20")
        let father = try Self.person("Nguyễn Văn An", sex: .male, born: "1990-01-01")
        let named = PersonReference(name: try VietnameseName("NGUYEN VAN AN"))
        #expect(ParentRules.matches(named, registered: father, as: .father, childBorn: born))
        #expect(!ParentRules.matches(named, registered: father, as: .mother, childBorn: born))
        #expect(!ParentRules.matches(PersonReference(name: try VietnameseName("Lê Văn Sai")), registered: father, as: .father, childBorn: born))
        // A father who died during the pregnancy is still the father; one dead for years is not.
        #expect(
            ParentRules.matches(
                named, registered: try Self.person("Nguyễn Văn An", sex: .male, born: "1990-01-01", died: "2026-03-01"),
                as: .father, childBorn: born))
        #expect(
            !ParentRules.matches(
                named, registered: try Self.person("Nguyễn Văn An", sex: .male, born: "1990-01-01", died: "2020-03-01"),
                as: .father, childBorn: born))
        let mother = PersonReference(name: try VietnameseName("Trần Thị Bích"))
        #expect(
            !ParentRules.matches(
                mother, registered: try Self.person("Trần Thị Bích", sex: .female, born: "1990-01-01", died: "2026-10-19"),
                as: .mother, childBorn: born))
        #expect(
            ParentRules.matches(
                mother, registered: try Self.person("Trần Thị Bích", sex: .female, born: "1990-01-01", died: "2026-10-20"),
                as: .mother, childBorn: born))
        // Too young to be the parent.
        #expect(!ParentRules.matches(named, registered: try Self.person("Nguyễn Văn An", sex: .male, born: "2020-01-01"), as: .father, childBorn: born))
    }
}
