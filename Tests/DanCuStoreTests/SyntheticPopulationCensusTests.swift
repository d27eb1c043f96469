import DanCuCore
import DanCuRegister
import Foundation
import Testing

/// The synthetic population against Viet Nam's censuses. The reference figures are stated here, apart
/// from the generator's own tables, with their sources:
/// - Ages, 2019 Population and Housing Census, completed results (General Statistics Office, GSO):
///   24.3 % under 15, 7.7 % aged 65 and over; 3.5 people a household.
/// - Marital status of people 15 and over, GSO Population Change and Family Planning Survey, 1 April
///   2020: 23.1 % never married (men 27.6 %, women 18.9 %), 67.7 % married, widowed about 6.5 %
///   (women 11 %, men 2 %), divorced about 2.2 % (women 2.6 %, men 1.8 %), separated about 0.35 %.
/// - Ethnicity, 2019 census: Kinh 85.3 %; the Mông live in the northern mountains, the Khmer in the
///   Mekong delta. Religion, 2019 census: 13.7 % follow one; Catholics 6.1 %, Buddhists 4.8 %.
/// - Deaths: a crude death rate of about 6.3 per thousand a year (GSO 2019), so the register's first
///   five years hold about 3 deaths for every hundred living people, mostly of the old.
@Suite struct SyntheticPopulationCensusTests {
    static let today = LocalDate(unchecked: 2026, 12, 1)

    struct Shares {
        var people: [Person] = []
        var households = 0

        var alive: [Person] { people.filter { if case .alive = $0.vitalStatus { true } else { false } } }
        func share(_ of: [Person], _ test: (Person) -> Bool) -> Double { 100 * Double(of.filter(test).count) / Double(max(1, of.count)) }
        func age(_ p: Person) -> Int { p.dateOfBirth.age(on: SyntheticPopulationCensusTests.today) }
    }

    static let population: Shares = {
        var generator = SyntheticPopulation(seed: 42, reference: .bundled, today: today)
        var shares = Shares()
        while shares.people.count < 60_000 {
            guard let next = try? generator.nextHousehold() else { break }
            shares.people += next.people
            if next.household != nil { shares.households += 1 }
        }
        return shares
    }()

    @Test func agesFollowTheCensusPyramid() {
        let s = Self.population
        let alive = s.alive
        let under15 = s.share(alive) { s.age($0) < 15 }
        let over65 = s.share(alive) { s.age($0) >= 65 }
        #expect(abs(under15 - 24.3) < 2, "under 15: \(under15) %")
        #expect(abs(over65 - 7.7) < 2.0, "65 and over: \(over65) %")
        let perHousehold = Double(alive.filter { $0.householdId != nil }.count) / Double(s.households)
        #expect(abs(perHousehold - 3.5) < 0.3, "people a household: \(perHousehold)")
        // Someone was born this year and nobody after today.
        #expect(alive.contains { $0.dateOfBirth.earliest.year == Self.today.year })
        #expect(alive.allSatisfy { $0.dateOfBirth.earliest <= Self.today })
    }

    @Test func maritalStatusFollowsAgeAndSex() {
        let s = Self.population
        let adults = s.alive.filter { s.age($0) >= 15 }
        let single = s.share(adults) { $0.maritalStatus == .single }
        let married = s.share(adults) { $0.maritalStatus == .married }
        let widowed = s.share(adults) { $0.maritalStatus == .widowed }
        let divorced = s.share(adults) { $0.maritalStatus == .divorced }
        #expect(abs(single - 23.1) < 3, "never married: \(single) %")
        #expect(abs(married - 67.7) < 3, "married: \(married) %")
        #expect(abs(widowed - 6.5) < 2.5, "widowed: \(widowed) %")
        #expect(abs(divorced - 2.6) < 1.5, "divorced or separated: \(divorced) %")
        let women = adults.filter { $0.sex == .female }
        let men = adults.filter { $0.sex == .male }
        #expect(s.share(women) { $0.maritalStatus == .widowed } > 3 * s.share(men) { $0.maritalStatus == .widowed })
        let thirties = adults.filter { (35...39).contains(s.age($0)) }
        #expect(s.share(thirties) { $0.maritalStatus == .single } < 12, "single at 35–39: \(s.share(thirties) { $0.maritalStatus == .single }) %")
        #expect(adults.filter { $0.maritalStatus == .married }.allSatisfy { s.age($0) >= 18 })
    }

    @Test func peoplesAndFaithsLiveWhereTheCensusFoundThem() {
        let s = Self.population
        let alive = s.alive
        let kinh = s.share(alive) { $0.ethnicity == "01" }
        #expect(abs(kinh - 85.3) < 2.5, "Kinh: \(kinh) %")
        let northernMountains: Set<String> = ["02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "40", "38"]
        let mong = alive.filter { $0.ethnicity == "08" }
        #expect(mong.count > 300 && s.share(mong) { northernMountains.contains($0.placeOfBirth?.provinceCode ?? "") } > 95)
        let delta: Set<String> = ["80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94", "95", "96"]
        let khmer = alive.filter { $0.ethnicity == "05" }
        #expect(khmer.count > 300 && s.share(khmer) { delta.contains($0.placeOfBirth?.provinceCode ?? "") } > 95)
        let catholic = s.share(alive) { $0.religion == .catholicism }
        let none = s.share(alive) { $0.religion == .none }
        #expect(abs(catholic - 6.1) < 1.5, "Catholic: \(catholic) %")
        #expect(abs(none - 86.3) < 3, "no religion: \(none) %")
        // Minority people carry their people's names, not only Kinh ones.
        #expect(
            s.share(mong) { ["Giàng", "Vàng", "Sùng", "Thào", "Lầu", "Mùa", "Hầu", "Lý", "Ly", "Mua", "Chảo", "Hạng", "Tráng", "Cứ"].contains($0.name.family) }
                > 90)
    }

    @Test func namesVaryWithTheTimes() {
        let s = Self.population
        let alive = s.alive
        let words = Dictionary(grouping: alive) { $0.name.fullName.split(separator: " ").count }.mapValues(\.count)
        #expect((words[2] ?? 0) > 0 && (words[4] ?? 0) > 0, "\(words)")
        let givenNames = Set(alive.map { $0.name.fullName.split(separator: " ").last.map(String.init) ?? "" })
        #expect(givenNames.count > 250, "\(givenNames.count) given names")
        let commonest = Dictionary(grouping: alive, by: \.name.fullName).values.map(\.count).max() ?? 0
        #expect(commonest < alive.count / 400, "the commonest full name \(commonest) times")
        func thi(_ from: Int, _ to: Int) -> Double {
            s.share(alive.filter { $0.sex == .female && (from..<to).contains($0.dateOfBirth.earliest.year) }) { $0.name.fullName.contains(" Thị ") }
        }
        #expect(thi(1940, 1970) > thi(1985, 1995) + 15 && thi(1985, 1995) > thi(2010, 2027) + 15, "\(thi(1940, 1970)) \(thi(1985, 1995)) \(thi(2010, 2027))")
    }

    @Test func deathsTemporaryStaysParentsAndPhonesAreLikeTheRegisters() {
        let s = Self.population
        let dead = s.people.filter { if case .dead = $0.vitalStatus { true } else { false } }
        let perHundred = 100 * Double(dead.count) / Double(s.alive.count)
        #expect(abs(perHundred - 3.1) < 1.0, "deaths per hundred living: \(perHundred)")
        #expect(dead.contains { s.age($0) < 60 } && s.share(dead) { s.age($0) >= 65 } > 50)
        let stays = s.alive.compactMap(\.temporaryResidence)
        #expect(!stays.isEmpty && stays.allSatisfy { $0.since <= Self.today && $0.until != nil })
        // About one stay in eight has ended and is still on the record (left without deregistering).
        let lapsed = 100 * Double(stays.filter { ($0.until ?? Self.today) <= Self.today }.count) / Double(stays.count)
        #expect(lapsed > 5 && lapsed < 20, "lapsed stays per hundred: \(lapsed)")
        // Parents recorded in a household are linked both ways.
        let byNumber = Dictionary(uniqueKeysWithValues: s.people.map { ($0.personalNumber, $0) })
        let withParents = s.alive.filter { $0.father != nil || $0.mother != nil }
        #expect(withParents.count > s.alive.count / 4)
        for child in withParents {
            for parent in [child.father, child.mother].compactMap({ $0?.personalNumber }) {
                #expect(byNumber[parent]?.children.contains { $0.personalNumber == child.personalNumber } == true)
            }
        }
        let grandparentsLinked = s.alive.filter { [.father, .mother].contains($0.relationshipToHead) && !$0.children.isEmpty }
        #expect(!grandparentsLinked.isEmpty)
        let prefixes: Set<String> = [
            "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039", "088", "091", "094", "081",
            "082", "083", "084", "085", "089", "090", "093", "070", "076", "077", "078", "079", "092", "056", "058", "099", "059",
        ]
        #expect(s.alive.compactMap(\.phone).allSatisfy { $0.count == 10 && prefixes.contains(String($0.prefix(3))) })
    }
}
