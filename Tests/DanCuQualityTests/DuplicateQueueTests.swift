import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuQuality

@Suite struct DuplicateQueueTests {
    /// The fixture's register with 300 synthetic people of one ward's province added, one of them
    /// registered twice (another number, the name without diacritics), and a pair of twins.
    static func populated(_ f: GateFixture) async throws -> (original: Person, copy: Person, twins: (Person, Person), added: Int) {
        var population = SyntheticPopulation(seed: 8, reference: f.register.reference)
        var people: [Person] = []
        while people.count < 300 {
            people += try population.nextHousehold().people.filter(\.isAlive)
        }
        for person in people { _ = try await f.register.registerExisting(person, officer: "fixture") }
        let original = try #require(people.first { $0.dateOfBirth.isComplete && $0.name.middle != "" && $0.residenceWardCode != nil })
        var copy = original
        copy.personalNumber = try PersonalNumber(prefix: original.personalNumber.prefix, serial: (original.personalNumber.serial + 1) % 1_000_000)
        copy.name = try VietnameseName(LinkageTestData.stripped(original.name.fullName))
        copy.householdId = nil
        copy.relationshipToHead = nil
        copy.spouse = nil
        copy.children = []
        _ = try await f.register.registerExisting(copy, officer: "fixture")
        let home = GateFixture.place(GateFixture.wardA)
        var first = try GateFixture.person("001215000777", "Khúc Minh Khang", born: "2015-06-10", sex: .male, ward: GateFixture.wardA)
        var second = try GateFixture.person("001215000778", "Khúc Minh Khoa", born: "2015-06-10", sex: .male, ward: GateFixture.wardA)
        first.currentResidence = home
        second.currentResidence = home
        _ = try await f.register.registerExisting(first, officer: "fixture")
        _ = try await f.register.registerExisting(second, officer: "fixture")
        return (original, copy, (first, second), people.count + 3)
    }

    @Test(arguments: Backend.all) func aPersonRegisteredTwiceIsQueuedWithItsEvidenceAndTwinsAreNot(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let planted = try await Self.populated(f)
            let scores = QualityScores(
                store: f.register.store, gate: f.gate, reference: f.register.reference, today: { LocalDate(unchecked: 2026, 12, 4) }, now: { 1 })
            try await scores.migrate()
            _ = try await scores.recomputeAll()
            #expect(try await scores.figures().nation.breaking[.notSuspectedDuplicate] == nil)
            let queue = DuplicateQueue(store: f.register.store, gate: f.gate, reference: f.register.reference, now: { 2 })
            let scan = try await queue.scan()
            let everyone = planted.added + 4
            #expect(scan.people == everyone)
            let pairs = try await f.register.store.readOne { db in
                try db.query("SELECT person_a, person_b, evidence, status FROM quality_duplicate_pairs").map {
                    (try $0.string("person_a"), try $0.string("person_b"), try $0.string("evidence"), try $0.string("status"))
                }
            }
            let numbers = [planted.original.personalNumber.rawValue, planted.copy.personalNumber.rawValue].sorted()
            let found = try #require(pairs.first { [$0.0, $0.1] == numbers }, "the person registered twice is queued: \(pairs.map { [$0.0, $0.1] })")
            #expect(found.3 == "open")
            #expect(found.2.contains("\"field\":\"familyName\"") && found.2.contains("differ only in diacritics"), "\(found.2)")
            #expect(!pairs.contains { Set([$0.0, $0.1]) == Set(["001215000777", "001215000778"]) }, "twins are two people")
            #expect(scan.open == pairs.count && scan.suspected == pairs.count)
            let suspected = try await queue.suspectedPeople()
            #expect(suspected.contains(planted.original.personalNumber) && suspected.contains(planted.copy.personalNumber))
            try await scores.remeasure(Array(suspected))
            #expect(try await scores.figures().nation.breaking[.notSuspectedDuplicate] == suspected.count, "the sạch measure reads the queue")
            let reads = try await f.accessLog().filter { $0.action == "quality-scan" && $0.actor == "system:duplicates" }
            #expect(reads.count == everyone, "every person the linkage read is logged")
        }
    }
}
