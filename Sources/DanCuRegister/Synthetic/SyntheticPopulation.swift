public import DanCuCore

/// A deterministic synthetic population shaped like Viet Nam's, household by household: people living
/// alone, couples, parents with children, single parents and three generations under one roof, in
/// the shares of the 2019 census. Ages follow the census pyramid, marital status follows age and
/// sex, provinces are weighted by their population and each province's peoples by where they live,
/// and names, religions and phone numbers fit. Beside the households come people who died in the
/// register's first years, at ages a life table gives. Everything is counted back from `today`, so a
/// seed and a day give the same people on every run.
public struct SyntheticPopulation {
    /// The day tests make their populations for, so that what they check does not move with the calendar.
    public static let referenceDate = LocalDate(unchecked: 2026, 1, 1)

    public let today: LocalDate
    var rng: SplitMix64
    let reference: ReferenceData
    let provinces: WeightedTable<String>
    let peoples: [String: WeightedTable<String>]
    var serialCounters: [String: Int] = [:]
    var householdCounter = 0
    let seed: UInt64

    public init(seed: UInt64, reference: ReferenceData, today: LocalDate = Self.referenceDate) {
        rng = SplitMix64(seed: seed)
        self.reference = reference
        self.today = today
        let population = reference.units.legacyProvincePopulation2019
        provinces = WeightedTable(population.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        peoples = EthnicGeography.byProvince(population: population, ethnicities: reference.ethnicities)
        self.seed = seed
    }

    enum Kind: CaseIterable { case alone, couple, parentsWithChildren, singleParent, threeGenerations }
    /// Shares of households (2019 census: 3.5 people a household on average).
    static let kinds = WeightedTable<Kind>([(.alone, 9), (.couple, 10), (.parentsWithChildren, 51), (.singleParent, 7), (.threeGenerations, 23)])

    /// What every member of a household shares: where they live, their people, their faith.
    struct Home {
        let legacyProvince: String
        let place: Place
        let ethnicity: String
        let religion: Religion
    }

    /// The next household's members and the household; people who died are returned alone, with no household.
    public mutating func nextHousehold() throws -> (people: [Person], household: Household?) {
        guard let legacyProvince = provinces.pick(&rng),
            let newProvince = reference.units.provinceConversion[legacyProvince],
            let wards = reference.units.wardsByProvince[newProvince], !wards.isEmpty
        else { return ([], nil) }
        let ward = wards[rng.int(0...(wards.count - 1))]
        let ethnicity = peoples[legacyProvince]?.pick(&rng) ?? "01"
        let home = Home(
            legacyProvince: legacyProvince,
            place: Place(provinceCode: newProvince, wardCode: ward.code, detail: "Số \(rng.int(1...300)), tổ \(rng.int(1...40))"),
            ethnicity: ethnicity, religion: Faiths.religion(ethnicity: ethnicity, province: legacyProvince, &rng))
        // Deaths of the register's first five years: about 6.3 a thousand a year (GSO 2019).
        if rng.chance(0.095) { return ([try deceased(home)], nil) }
        householdCounter += 1
        let id = "HK" + LocalDate.pad(householdCounter, 10)
        var members = try members(Self.kinds.pick(&rng) ?? .parentsWithChildren, home)
        for index in members.indices {
            members[index].person.householdId = id
            members[index].person.relationshipToHead = members[index].relationship
            if members[index].person.dateOfBirth.age(on: today) >= 18 && rng.chance(0.06) {
                let stay = temporaryResidence(from: home)
                members[index].person.temporaryResidence = stay
                members[index].person.currentResidence = stay?.place
            }
        }
        let people = members.map(\.person)
        guard let head = people.first else { return ([], nil) }
        let household = Household(
            id: id, head: head.personalNumber, address: home.place,
            members: members.map { Household.Member(personalNumber: $0.person.personalNumber, relationshipToHead: $0.relationship) })
        return (people, household)
    }

    // MARK: Households

    typealias Member = (person: Person, relationship: RelationshipToHead)

    mutating func members(_ kind: Kind, _ home: Home) throws -> [Member] {
        switch kind {
        case .alone:
            let age = pickAge(18...99) { $0 < 30 ? 1.0 : $0 < 60 ? 0.25 : 2.4 }
            let sex: Sex = rng.chance(age >= 60 ? 0.7 : 0.45) ? .female : .male
            var person = try makePerson(sex: sex, age: age, home: home)
            person.maritalStatus = livingApart(age: age, sex: sex)
            return [(person, .head)]
        case .couple:
            let husbandAge = pickAge(21...95) { $0 < 30 ? 0.5 : $0 < 50 ? 0.12 : $0 < 60 ? 0.8 : 2.0 }
            var (husband, wife) = try couple(husbandAge: husbandAge, home: home)
            link(&husband, &wife)
            return [(husband, .head), (wife, .spouse)]
        case .parentsWithChildren:
            // Few women under 25 are already mothers of a household of their own.
            let motherAge = pickAge(20...58) { $0 < 25 ? 0.5 : $0 < 30 ? 1.0 : $0 < 40 ? 1.1 : 1 }
            var (father, mother) = try couple(wifeAge: motherAge, home: home)
            let children = try self.children(of: &father, and: &mother, motherAge: motherAge, home: home, counts: [15, 40, 30, 15])
            let fatherHeads = rng.chance(0.8)
            var members: [Member] = [(fatherHeads ? father : mother, .head), (fatherHeads ? mother : father, .spouse)] + children.map { ($0, .child) }
            if rng.chance(0.2) {
                // A younger brother or sister, nephew or niece, not married yet, who lives with them.
                let age = pickAge(16...32)
                let sex: Sex = rng.chance(0.5) ? .male : .female
                var relative = try makePerson(sex: sex, age: age, home: home, family: rng.chance(0.6) ? father.name.family : nil)
                relative.maritalStatus = rng.chance(0.9) ? .single : livingApart(age: age, sex: sex)
                members.append((relative, rng.chance(0.6) ? .sibling : .niblingOrCousin))
            }
            return members
        case .singleParent:
            let sex: Sex = rng.chance(0.8) ? .female : .male
            let age = pickAge(22...55)
            var parent = try makePerson(sex: sex, age: age, home: home)
            parent.maritalStatus = WeightedTable<MaritalStatus>([(.single, 12), (.divorced, 38), (.widowed, 30), (.married, 20)]).pick(&rng) ?? .divorced
            var absent: Person?
            let children = try self.children(of: &parent, and: &absent, parentAge: age, home: home, counts: [50, 38, 12])
            return [(parent, .head)] + children.map { ($0, .child) }
        case .threeGenerations:
            let motherAge = pickAge(21...50) { $0 < 25 ? 0.5 : $0 < 30 ? 1.0 : $0 < 40 ? 1.1 : 1 }
            var (father, mother) = try couple(wifeAge: motherAge, home: home)
            let children = try self.children(of: &father, and: &mother, motherAge: motherAge, home: home, counts: [40, 42, 14, 4])
            // The grandparents are the father's parents more often than the mother's.
            let fathersSide = rng.chance(0.7)
            let parentAge = fathersSide ? father.dateOfBirth.age(on: today) : motherAge
            let grandAge = min(99, parentAge + rng.int(21...34))
            var grandparents: [Person] = []
            let both = rng.chance(0.35) && grandAge < 85
            if both {
                var (grandfather, grandmother) = try couple(
                    wifeAge: min(95, parentAge + rng.int(19...32)), home: home,
                    family: fathersSide ? father.name.family : mother.name.family)
                link(&grandfather, &grandmother)
                grandparents = [grandfather, grandmother]
            } else {
                let sex: Sex = rng.chance(0.8) ? .female : .male
                var grand = try makePerson(
                    sex: sex, age: grandAge, home: home,
                    family: sex == .male ? (fathersSide ? father.name.family : mother.name.family) : nil)
                grand.maritalStatus = rng.chance(sex == .female ? 0.9 : 0.6) ? .widowed : .divorced
                grandparents = [grand]
            }
            var middle = fathersSide ? father : mother
            for index in grandparents.indices {
                let ref = PersonReference(name: grandparents[index].name, personalNumber: grandparents[index].personalNumber)
                if grandparents[index].sex == .male { middle.father = ref } else { middle.mother = ref }
                grandparents[index].children = [PersonReference(name: middle.name, personalNumber: middle.personalNumber)]
            }
            if fathersSide { father = middle } else { mother = middle }
            if rng.chance(0.55) {
                // The younger couple heads the household, the old ones are its parents or parents-in-law.
                let parentRelationship = { (p: Person) -> RelationshipToHead in
                    fathersSide ? (p.sex == .male ? .father : .mother) : .parentInLaw
                }
                return [(father, .head), (mother, .spouse)] + children.map { ($0, .child) } + grandparents.map { ($0, parentRelationship($0)) }
            }
            let head = grandparents[0]
            let rest: [Member] = grandparents.dropFirst().map { ($0, .spouse) }
            return [(head, .head)] + rest + [(father, fathersSide ? .child : .childInLaw), (mother, fathersSide ? .childInLaw : .child)]
                + children.map { ($0, .grandchild) }
        }
    }

    /// A married couple living together, aged by the husband or by the wife; husbands are a few years older.
    mutating func couple(husbandAge: Int? = nil, wifeAge: Int? = nil, home: Home, family: String? = nil) throws -> (Person, Person) {
        let gap = WeightedTable<Int>([(-2, 3), (-1, 5), (0, 10), (1, 14), (2, 16), (3, 15), (4, 12), (5, 9), (6, 6), (7, 4), (8, 3), (10, 3)]).pick(&rng) ?? 3
        let husbandYears = husbandAge ?? min(99, (wifeAge ?? 30) + gap)
        let wifeYears = wifeAge ?? max(18, husbandYears - gap)
        var husband = try makePerson(sex: .male, age: max(20, husbandYears), home: home, family: family)
        // A wife of another people than her husband's now and then: Kinh, mostly.
        let wifeHome = rng.chance(0.9) ? home : Home(legacyProvince: home.legacyProvince, place: home.place, ethnicity: "01", religion: home.religion)
        var wife = try makePerson(sex: .female, age: wifeYears, home: wifeHome)
        husband.maritalStatus = .married
        wife.maritalStatus = .married
        return (husband, wife)
    }

    func link(_ a: inout Person, _ b: inout Person) {
        a.spouse = PersonReference(name: b.name, personalNumber: b.personalNumber)
        b.spouse = PersonReference(name: a.name, personalNumber: a.personalNumber)
    }

    mutating func children(of father: inout Person, and mother: inout Person, motherAge: Int, home: Home, counts: [Double]) throws -> [Person] {
        link(&father, &mother)
        var both: (father: Person?, mother: Person?) = (father, mother)
        let children = try bear(father: &both.father, mother: &both.mother, motherAge: motherAge, home: home, counts: counts)
        if let updated = both.father { father = updated }
        if let updated = both.mother { mother = updated }
        return children
    }

    mutating func children(of parent: inout Person, and absent: inout Person?, parentAge: Int, home: Home, counts: [Double]) throws -> [Person] {
        var single: Person? = parent
        let children =
            parent.sex == .female
            ? try bear(father: &absent, mother: &single, motherAge: parentAge, home: home, counts: counts)
            : try bear(father: &single, mother: &absent, motherAge: max(18, parentAge - 3), home: home, counts: counts)
        if let single { parent = single }
        return children
    }

    /// The children who still live with their parents: born when their mother was 18 to 42, most at
    /// 22 to 30; grown children have often left.
    mutating func bear(father: inout Person?, mother: inout Person?, motherAge: Int, home: Home, counts: [Double]) throws -> [Person] {
        let count = WeightedTable<Int>(counts.enumerated().map { ($0.offset + 1, $0.element) }).pick(&rng) ?? 2
        let ageAtBirth = WeightedTable<Int>(
            (18...42).map { age in
                (age, age < 20 ? 0.4 : age < 25 ? 1.0 : age < 30 ? 1.2 : age < 35 ? 0.75 : age < 40 ? 0.3 : 0.08)
            })
        var children: [Person] = []
        for _ in 0..<count {
            guard let atBirth = ageAtBirth.pick(&rng), motherAge - atBirth >= 0 else { continue }
            let age = motherAge - atBirth
            let staysHome = age < 18 || rng.chance(age < 25 ? 0.88 : age < 31 ? 0.55 : 0.15)
            guard staysHome else { continue }
            let sex: Sex = rng.chance(0.512) ? .male : .female
            let family = father?.name.family ?? mother?.name.family
            var child = try makePerson(sex: sex, age: age, home: home, family: family, motherFamily: mother?.name.family)
            child.maritalStatus = age < 18 ? .single : (rng.chance(0.88) ? .single : livingApart(age: age, sex: sex))
            child.father = father.map { PersonReference(name: $0.name, personalNumber: $0.personalNumber) }
            child.mother = mother.map { PersonReference(name: $0.name, personalNumber: $0.personalNumber) }
            children.append(child)
        }
        let refs = children.map { PersonReference(name: $0.name, personalNumber: $0.personalNumber) }
        father?.children = refs
        mother?.children = refs
        return children
    }

    /// The marital status of an adult who does not live with a spouse: never married, widowed, divorced
    /// or separated, or married to someone living elsewhere, as age and sex make likely.
    mutating func livingApart(age: Int, sex: Sex) -> MaritalStatus {
        if rng.chance(PopulationFigures.neverMarried(age: age, sex: sex) * 1.6) { return .single }
        let widowed = PopulationFigures.widowed(age: age, sex: sex) * (sex == .female ? 3 : 0.8)
        let divorced = PopulationFigures.divorced(age: age, sex: sex) * 4
        return WeightedTable<MaritalStatus>([(.widowed, widowed), (.divorced, divorced), (.married, 0.25)]).pick(&rng) ?? .single
    }

    /// Someone who died in the last five years, at an age the life table gives.
    mutating func deceased(_ home: Home) throws -> Person {
        let ageAtDeath =
            WeightedTable<Int>((0...100).map { ($0, PopulationFigures.weight(ofAge: $0) * PopulationFigures.yearlyDeath(age: $0)) }).pick(&rng) ?? 75
        let died = today.adding(days: -rng.int(1...1825))
        let sex: Sex = rng.chance(0.54) ? .male : .female
        var person = try makePerson(sex: sex, age: ageAtDeath, home: home, ageOn: died)
        person.vitalStatus = .dead(PartialDate(died))
        person.maritalStatus =
            ageAtDeath < 18
            ? .single
            : (rng.chance(PopulationFigures.neverMarried(age: ageAtDeath, sex: sex))
                ? .single
                : rng.chance(sex == .female ? 0.45 : 0.2) && ageAtDeath > 55 ? .widowed : .married)
        return person
    }

    mutating func temporaryResidence(from home: Home) -> Residence? {
        // Most who stay away from home go to the cities and industrial provinces.
        let destination = rng.chance(0.6) ? (["79", "01", "74", "75", "27", "48"][rng.int(0...5)]) : home.legacyProvince
        guard let province = reference.units.provinceConversion[destination],
            let wards = reference.units.wardsByProvince[province], !wards.isEmpty
        else { return nil }
        let ward = wards[rng.int(0...(wards.count - 1))]
        // A registration of six months to two years that has not ended yet; those that ended are mostly
        // no longer in the record. One in eight has ended and is still there: the person left without
        // deregistering, as people do (the data-quality measure "sống" counts them). Derived from the
        // start day, so the generator's draws, and everyone else it makes, stay as they were.
        let length = [183, 365, 365, 730][rng.int(0...3)]
        var since = today.adding(days: -rng.int(1...(length - 1)))
        if since.day % 8 == 0 { since = since.adding(days: -length) }
        return Residence(
            place: Place(provinceCode: province, wardCode: ward.code, detail: "Phòng \(rng.int(1...500))"),
            since: since, until: since.adding(days: length))
    }

    /// An age picked by the census pyramid within `range`, reweighted by `bias`.
    mutating func pickAge(_ range: ClosedRange<Int>, bias: (Int) -> Double = { _ in 1 }) -> Int {
        WeightedTable<Int>(range.map { ($0, PopulationFigures.weight(ofAge: $0) * bias($0)) }).pick(&rng) ?? range.lowerBound
    }
}
