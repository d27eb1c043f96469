import DanCuCore

/// One synthetic person: a birth date for their age, a name as their people and their decade name
/// children, a number from the prefix of their birth province, sex and century, and the rest of a record.
extension SyntheticPopulation {
    /// `family` is the surname to carry (a child's father's); `motherFamily` may join it in the names
    /// of children born since 2000. `ageOn` is the day the age is reached (a death), today if nil.
    mutating func makePerson(
        sex: Sex, age: Int, home: Home, family: String? = nil, motherFamily: String? = nil,
        ageOn: LocalDate? = nil
    ) throws -> Person {
        let day = ageOn ?? today
        let born = day.adding(years: -age).adding(days: -rng.int(0...364))
        let dob: PartialDate
        if born.year < 1960 && rng.chance(0.3) {
            dob = try PartialDate(year: born.year)
        } else if born.year < 1960 && rng.chance(0.15) {
            dob = try PartialDate(year: born.year, month: born.month)
        } else {
            dob = PartialDate(born)
        }
        let name = try makeName(sex: sex, born: born.year, ethnicity: home.ethnicity, family: family, motherFamily: motherFamily)
        let number = try allocate(PersonalNumberPrefix(placeCode: "0" + home.legacyProvince, sex: sex, birthYear: born.year))
        let since = max(dob.latest, today.adding(years: -rng.int(0...30)))
        let registration = Place(provinceCode: home.legacyProvince, unitList: .legacy)
        var person = Person(
            personalNumber: number, name: name, dateOfBirth: dob, sex: sex, placeOfBirth: registration,
            birthRegistrationPlace: registration, placeOfOrigin: registration, ethnicity: home.ethnicity,
            religion: home.religion, nationality: "VNM",
            bloodGroup: Self.bloodGroups.pick(&rng) ?? .unknown,
            permanentResidence: Residence(place: home.place, since: min(since, today)), currentResidence: home.place,
            residenceFileNumber: "CT" + LocalDate.pad(rng.int(0...99_999_999), 8))
        if born.year < 2000 && rng.chance(0.6) {
            person.legacyIdNumber = LocalDate.pad(rng.int(0...999_999_999), 9)
        }
        if age >= 16 && rng.chance(0.8) {
            person.phone = (PopulationFigures.mobilePrefixes.pick(&rng) ?? "098") + LocalDate.pad(rng.int(0...9_999_999), 7)
        }
        return person
    }

    mutating func makeName(sex: Sex, born year: Int, ethnicity: String, family: String?, motherFamily: String?) throws -> VietnameseName {
        let style = VietnameseNames.style(of: ethnicity)
        let surname = family ?? style.map { $0.surnames[rng.int(0...($0.surnames.count - 1))] } ?? VietnameseNames.surnames.pick(&rng) ?? "Nguyễn"
        let kinhGiven = (sex == .male ? VietnameseNames.maleGiven : VietnameseNames.femaleGiven)[VietnameseNames.era(born: year)]
        var given = kinhGiven.pick(&rng) ?? "An"
        if let style, !style.given.isEmpty, rng.chance(0.6) { given = style.given[rng.int(0...(style.given.count - 1))] }
        if let style, style.givenFirst {
            // Y Ngông Niê, H'Hen Niê.
            return try VietnameseName(sex == .male ? "Y \(given) \(surname)" : "H'\(given) \(surname)")
        }
        var middle: String
        if let style {
            let middles = sex == .male ? style.maleMiddle : style.femaleMiddle
            middle = middles[rng.int(0...(middles.count - 1))]
        } else if rng.chance(VietnameseNames.traditionalMiddle(sex: sex, born: year)) {
            middle = sex == .male ? "Văn" : "Thị"
        } else if rng.chance(0.03) {
            middle = ""
        } else {
            middle = (sex == .male ? VietnameseNames.maleMiddle : VietnameseNames.femaleMiddle).pick(&rng) ?? ""
            // Four words: a second middle name, or since 2000 the mother's surname too.
            if year >= 2000, let motherFamily, motherFamily != surname, rng.chance(0.1) {
                middle = motherFamily + " " + middle
            } else if rng.chance(0.05) {
                middle += " " + ((sex == .male ? VietnameseNames.maleMiddle : VietnameseNames.femaleMiddle).pick(&rng) ?? "")
            }
        }
        return try VietnameseName([surname, middle, given].filter { !$0.isEmpty }.joined(separator: " "))
    }

    /// Serials within a prefix follow a fixed permutation of 0…999,999, so numbers look random, never
    /// repeat, and need no memory beyond a counter per prefix.
    mutating func allocate(_ prefix: PersonalNumberPrefix) throws -> PersonalNumber {
        let k = serialCounters[prefix.rawValue, default: 0]
        serialCounters[prefix.rawValue] = k + 1
        guard k < 1_000_000 else { throw RuleViolation(field: "personalNumber", rule: "prefixExhausted", detail: "prefix \(prefix) is full") }
        var mix = SplitMix64(seed: seed &+ UInt64(Int(prefix.rawValue) ?? 0) &* 0x9E37_79B9)
        let offset = Int(mix.next() % 1_000_000)
        return try PersonalNumber(prefix: prefix, serial: (k * 671_023 + offset) % 1_000_000)
    }

    static let bloodGroups = WeightedTable<BloodGroup>([
        (.oPositive, 41), (.bPositive, 30), (.aPositive, 21), (.abPositive, 6), (.oNegative, 0.3), (.aNegative, 0.2),
        (.bNegative, 0.2), (.abNegative, 0.1), (.unknown, 1.2),
    ])
}
