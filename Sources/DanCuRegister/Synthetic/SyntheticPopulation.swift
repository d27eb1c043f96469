import DanCuCore

/// A deterministic, realistic synthetic population, household by household: a head, often a spouse of
/// plausible age, children whose mother was 18–42 at their birth, sometimes an elderly parent. Provinces
/// are weighted by their 2019 population, ethnicities by census share. Ages are taken at `referenceDate`
/// (fixed, not today) so that a seed gives the same people on every run.
public struct SyntheticPopulation {
    public static let referenceDate = LocalDate(unchecked: 2026, 1, 1)

    private var rng: SplitMix64
    private let reference: ReferenceData
    private let provinces: WeightedTable<String>
    private let ethnicities: WeightedTable<String>
    private var serialCounters: [String: Int] = [:]
    private var householdCounter = 0
    private let seed: UInt64

    public init(seed: UInt64, reference: ReferenceData) {
        rng = SplitMix64(seed: seed)
        self.reference = reference
        provinces = WeightedTable(reference.units.legacyProvincePopulation2019.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        ethnicities = WeightedTable(reference.ethnicities.map { ($0.code, Double($0.population2019)) })
        self.seed = seed
    }

    /// The next household's members, and the household itself when they live together (a person who has
    /// died is not in a household).
    public mutating func nextHousehold() throws -> (people: [Person], household: Household?) {
        guard let legacyProvince = provinces.pick(&rng),
              let newProvince = reference.units.provinceConversion[legacyProvince],
              let wards = reference.units.wardsByProvince[newProvince], !wards.isEmpty
        else { return ([], nil) }
        let ward = wards[rng.int(0...(wards.count - 1))]
        let home = Place(provinceCode: newProvince, wardCode: ward.code,
                         detail: "Số \(rng.int(1...300)), tổ \(rng.int(1...40))")
        let ethnicity = ethnicities.pick(&rng) ?? "01"
        let size = Self.householdSizes.pick(&rng) ?? 3
        householdCounter += 1
        let householdId = "HK" + LocalDate.pad(householdCounter, 10)
        let family = VietnameseNames.surnames.pick(&rng) ?? "Nguyễn"

        var members: [(Person, RelationshipToHead)] = []
        let headSex: Sex = rng.chance(size == 1 ? 0.45 : 0.72) ? .male : .female
        let headAge = size == 1 ? rng.int(20...90) : rng.int(25...75)
        var head = try makePerson(sex: headSex, age: headAge, family: family, province: legacyProvince, ethnicity: ethnicity, home: home)
        if size == 1 && headAge >= 70 && rng.chance(0.12) {
            head.vitalStatus = .dead(PartialDate(Self.referenceDate.adding(days: -rng.int(30...1800))))
            head.maritalStatus = .widowed
            return ([head], nil)
        }
        var spouse: Person?
        if size >= 2 && rng.chance(0.85) {
            let gap = headSex == .male ? rng.int(-1...7) : -rng.int(-1...7)
            let spouseSex: Sex = headSex == .male ? .female : .male
            let spouseFamily = VietnameseNames.surnames.pick(&rng) ?? "Trần"
            var s = try makePerson(sex: spouseSex, age: max(18, headAge - gap), family: spouseFamily, province: legacyProvince,
                                   ethnicity: ethnicity, home: home)
            s.maritalStatus = .married
            head.maritalStatus = .married
            s.spouse = PersonReference(name: head.name, personalNumber: head.personalNumber)
            head.spouse = PersonReference(name: s.name, personalNumber: s.personalNumber)
            spouse = s
        }
        let mother = headSex == .female ? head : spouse ?? (headSex == .female ? head : nil)
        let motherAge = mother.map { $0.dateOfBirth.age(on: Self.referenceDate) } ?? (headAge - 2)
        var children: [Person] = []
        var slots = size - 1 - (spouse == nil ? 0 : 1)
        let wantsGrandparent = slots >= 2 && headAge < 55 && rng.chance(0.35)
        if wantsGrandparent { slots -= 1 }
        for _ in 0..<max(0, slots) {
            let oldest = min(motherAge, headAge) - 18
            guard oldest >= 0 else { break }
            let age = rng.int(max(0, motherAge - 42)...oldest)
            let childSex: Sex = rng.chance(0.512) ? .male : .female
            var child = try makePerson(sex: childSex, age: age, family: headSex == .male ? family : (spouse.map { $0.name.family } ?? family),
                                       province: legacyProvince, ethnicity: ethnicity, home: home)
            let headRef = PersonReference(name: head.name, personalNumber: head.personalNumber)
            let spouseRef = spouse.map { PersonReference(name: $0.name, personalNumber: $0.personalNumber) }
            child.father = headSex == .male ? headRef : spouseRef
            child.mother = headSex == .female ? headRef : spouseRef
            children.append(child)
        }
        let childRefs = children.map { PersonReference(name: $0.name, personalNumber: $0.personalNumber) }
        head.children = childRefs
        spouse?.children = childRefs
        members.append((head, .head))
        if let spouse { members.append((spouse, .spouse)) }
        members += children.map { ($0, .child) }
        if wantsGrandparent {
            let parentSex: Sex = rng.chance(0.65) ? .female : .male
            let age = min(100, headAge + rng.int(20...35))
            var grand = try makePerson(sex: parentSex, age: age, family: parentSex == .male ? family : (VietnameseNames.surnames.pick(&rng) ?? "Lê"),
                                       province: legacyProvince, ethnicity: ethnicity, home: home)
            grand.maritalStatus = .widowed
            members.append((grand, parentSex == .male ? .father : .mother))
        }
        var people: [Person] = []
        for (var p, relationship) in members {
            p.householdId = householdId
            p.relationshipToHead = relationship
            if p.dateOfBirth.age(on: Self.referenceDate) >= 18 && rng.chance(0.06) {
                p.temporaryResidence = temporaryResidence(province: newProvince)
                p.currentResidence = p.temporaryResidence?.place
            }
            people.append(p)
        }
        let household = Household(id: householdId, head: head.personalNumber, address: home,
                                  members: people.map { Household.Member(personalNumber: $0.personalNumber,
                                                                         relationshipToHead: $0.relationshipToHead ?? .otherRelative) })
        return (people, household)
    }

    private mutating func makePerson(sex: Sex, age: Int, family: String, province: String, ethnicity: String, home: Place) throws -> Person {
        let birthYear = Self.referenceDate.year - 1 - age
        let month = rng.int(1...12)
        let day = rng.int(1...LocalDate.daysIn(month: month, year: birthYear))
        let dob: PartialDate
        if birthYear < 1960 && rng.chance(0.3) {
            dob = try PartialDate(year: birthYear)
        } else if birthYear < 1960 && rng.chance(0.15) {
            dob = try PartialDate(year: birthYear, month: month)
        } else {
            dob = try PartialDate(year: birthYear, month: month, day: day)
        }
        let middle = (sex == .male ? VietnameseNames.maleMiddle : VietnameseNames.femaleMiddle).pick(&rng) ?? ""
        let given = (sex == .male ? VietnameseNames.maleGiven : VietnameseNames.femaleGiven).pick(&rng) ?? "An"
        let name = try VietnameseName(family: family, middle: middle, given: given)
        let number = try allocate(PersonalNumberPrefix(placeCode: "0" + province, sex: sex, birthYear: birthYear))
        let since = max(dob.latest, Self.referenceDate.adding(years: -rng.int(0...30)))
        let registration = Place(provinceCode: province, unitList: .legacy)
        var person = Person(
            personalNumber: number, name: name, dateOfBirth: dob, sex: sex, placeOfBirth: registration,
            birthRegistrationPlace: registration, placeOfOrigin: registration, ethnicity: ethnicity,
            religion: Self.religions.pick(&rng) ?? .none, nationality: "VNM",
            bloodGroup: Self.bloodGroups.pick(&rng) ?? .unknown,
            permanentResidence: Residence(place: home, since: since), currentResidence: home,
            residenceFileNumber: "CT" + LocalDate.pad(rng.int(0...99_999_999), 8))
        if birthYear < 2000 && rng.chance(0.6) {
            person.legacyIdNumber = LocalDate.pad(rng.int(0...999_999_999), 9)
        }
        if age >= 16 && rng.chance(0.8) {
            person.phone = "0" + ["9", "8", "3", "7", "5"][rng.int(0...4)] + LocalDate.pad(rng.int(0...99_999_999), 8)
        }
        return person
    }

    private mutating func temporaryResidence(province: String) -> Residence? {
        guard let wards = reference.units.wardsByProvince[province], !wards.isEmpty else { return nil }
        let ward = wards[rng.int(0...(wards.count - 1))]
        let since = Self.referenceDate.adding(days: -rng.int(10...300))
        return Residence(place: Place(provinceCode: province, wardCode: ward.code, detail: "Phòng \(rng.int(1...500))"),
                         since: since, until: since.adding(years: 1))
    }

    /// Serials within a prefix follow a fixed permutation of 0…999,999, so numbers look random, never
    /// repeat, and need no memory beyond a counter per prefix.
    private mutating func allocate(_ prefix: PersonalNumberPrefix) throws -> PersonalNumber {
        let k = serialCounters[prefix.rawValue, default: 0]
        serialCounters[prefix.rawValue] = k + 1
        guard k < 1_000_000 else { throw RuleViolation(field: "personalNumber", rule: "prefixExhausted", detail: "prefix \(prefix) is full") }
        var mix = SplitMix64(seed: seed &+ UInt64(Int(prefix.rawValue) ?? 0) &* 0x9E37_79B9)
        let offset = Int(mix.next() % 1_000_000)
        return try PersonalNumber(prefix: prefix, serial: (k * 671_023 + offset) % 1_000_000)
    }

    /// 2019 census: average household size about 3.5.
    static let householdSizes = WeightedTable<Int>([(1, 12), (2, 20), (3, 21), (4, 25), (5, 12), (6, 6), (7, 4)])
    static let religions = WeightedTable<Religion>([
        (.none, 86.3), (.catholicism, 6.1), (.buddhism, 4.8), (.protestantism, 1.0), (.caoDai, 0.6), (.hoaHao, 1.0),
        (.islam, 0.1), (.other, 0.1),
    ])
    static let bloodGroups = WeightedTable<BloodGroup>([
        (.oPositive, 41), (.bPositive, 30), (.aPositive, 21), (.abPositive, 6), (.oNegative, 0.3), (.aNegative, 0.2),
        (.bNegative, 0.2), (.abNegative, 0.1), (.unknown, 1.2),
    ])
}
