import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuQuality

@Suite struct DuplicateReviewTests {
    /// The fixture's a1 (Nguyễn Văn An, ward A of Hà Nội) entered a second time under another number,
    /// the name without diacritics, and the pair waiting in the queue as a scan leaves it.
    static func planted(_ f: GateFixture) async throws -> (original: PersonalNumber, copy: PersonalNumber) {
        let original = try f.number("a1")
        let copy = try GateFixture.person("001080000201", "Nguyen Van An", born: "1980-03-04", sex: .male, ward: GateFixture.wardA)
        _ = try await f.register.registerExisting(copy, officer: "fixture")
        try await QualityScores(
            store: f.register.store, gate: f.gate, reference: f.register.reference, today: { LocalDate(unchecked: 2026, 12, 4) }, now: { 5 }
        )
        .migrate()
        let evidence = #"[{"english":"same date of birth","field":"dateOfBirth","level":1,"vietnamese":"cùng ngày sinh","weight":9.1}]"#
        try await f.register.store.write { db in
            try db.execute(
                """
                INSERT INTO quality_duplicate_pairs (person_a, person_b, probability, weight, evidence, province_a, province_b, status, found_at)
                VALUES (?,?,?,?,?,?,?,?,?)
                """,
                [
                    .text(original.rawValue), .text(copy.personalNumber.rawValue), .double(0.998), .double(9), .text(evidence), .text("01"), .text("01"),
                    .text("open"), .int(5),
                ])
        }
        return (original, copy.personalNumber)
    }

    static func review(_ f: GateFixture) -> DuplicateReview {
        DuplicateReview(store: f.register.store, gate: f.gate, now: { 7 })
    }

    static func status(_ f: GateFixture, _ a: PersonalNumber, _ b: PersonalNumber) async throws -> String? {
        try await f.register.store.read { db in
            try db.queryOne("SELECT status FROM quality_duplicate_pairs WHERE person_a = ? AND person_b = ?", [.text(a.rawValue), .text(b.rawValue)])?["status"]
                .string
        }
    }

    @Test(arguments: Backend.all) func theQueueIsGatedByJurisdiction(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let (original, copy) = try await Self.planted(f)
            let review = Self.review(f)
            let pairs = try await review.queue(for: try f.request("province01", .dataQuality))
            let pair = try #require(pairs.first)
            #expect(pairs.count == 1)
            #expect(pair.first.personalNumber == original && pair.second.personalNumber == copy)
            #expect(pair.first.name == "Nguyễn Văn An" && pair.second.name == "Nguyen Van An")
            #expect(pair.evidence.map(\.vietnamese) == ["cùng ngày sinh"])
            #expect(try await review.queue(for: try f.request("central", .dataQuality)).count == 1, "the central office sees every pair")
            #expect(try await review.queue(for: try f.request("province79", .dataQuality)).isEmpty, "another province sees nothing of it")
            await #expect(throws: AccessError.self) { try await review.queue(for: try f.request("communeA", .dataQuality)) }
            await #expect(throws: AccessError.self) { try await review.queue(for: try f.request("province01", .residenceManagement)) }
            // Deciding a pair outside one's province is refused as deciding a pair that does not exist.
            var refusals: [String] = []
            for (a, b) in [(original, copy), (original, try f.number("a2"))] {
                let error = await #expect(throws: AccessError.self) {
                    try await review.decide(a, b, .notMatch, reason: "khác người", for: try f.request("province79", .dataQuality))
                }
                refusals.append(error.map { "\($0)" } ?? "none")
            }
            #expect(refusals[0] == refusals[1], "\(refusals)")
            #expect(try await Self.status(f, original, copy) == "open")
            let reads = try await f.accessLog().filter { $0.action == "duplicate-review" && $0.decision == "allowed" }
            #expect(reads.count == 4, "each person shown is logged, for the province and the central officer")
            #expect(reads.allSatisfy { $0.purpose == "data-quality" })
        }
    }

    @Test(arguments: Backend.all) func aMatchMergesKeepingBothHistoriesAndAnUndoRestoresBoth(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let (original, copy) = try await Self.planted(f)
            let review = Self.review(f)
            let officer = try f.request("province01", .dataQuality)
            let before = (try await f.register.history(original), try await f.register.history(copy))
            await #expect(throws: QualityError.self) {
                try await review.decide(original, copy, .match(survivor: try f.number("a2")), reason: "cùng một người", for: officer)
            }
            let decided = try await review.decide(copy, original, .match(survivor: original), reason: "cùng một người, nhập hai lần", for: officer)
            #expect(decided.status == "match" && decided.merge?.duplicate == copy && decided.merge?.survivor == original)

            let survivor = try await f.register.person(original).person
            let cancelled = try await f.register.person(copy).person
            #expect(survivor.mergedNumbers == [copy] && survivor.mergedInto == nil)
            #expect(cancelled.mergedInto == original && cancelled.resolvedNumber == original, "the cancelled number resolves to the survivor")
            let read = try await f.gate.person(copy, for: try f.request("central", .dataQuality))
            #expect(read.person.resolvedNumber == original)
            let after = (try await f.register.history(original), try await f.register.history(copy))
            #expect(Array(after.0.prefix(before.0.count)) == before.0 && after.0.last?.change == .duplicateMerged(duplicate: copy))
            #expect(Array(after.1.prefix(before.1.count)) == before.1 && after.1.last?.change == .mergedInto(survivor: original))
            #expect(after.1.last?.reason == "cùng một người, nhập hai lần" && after.1.last?.officer == "province.01")
            #expect(try await Self.status(f, original, copy) == "match")

            // The cancelled number takes no more life events, and is no one to search or count.
            await #expect(throws: RegisterError.self) {
                _ = try await f.register.record(
                    .nameChanged(try VietnameseName("Nguyễn Văn Bình")), for: copy, validFrom: LocalDate(unchecked: 2026, 12, 4), officer: "x")
            }
            let hits = try await f.register.search(PersonSearch(name: "nguyen van an"))
            #expect(hits.hits.first { $0.personalNumber == copy.rawValue }?.vitalStatus == "merged")
            await #expect(throws: QualityError.self) { try await review.decide(original, copy, .notMatch, reason: "lại", for: officer) }

            let undone = try await review.undoMerge(copy, reason: "hai người khác nhau: xác minh tại nơi cư trú", for: officer)
            #expect(undone.survivor == original)
            let restored = (try await f.register.person(original).person, try await f.register.person(copy).person)
            #expect(restored.0.mergedNumbers == nil && restored.1.mergedInto == nil)
            let history = (try await f.register.history(original), try await f.register.history(copy))
            #expect(history.0.count == before.0.count + 2 && history.1.count == before.1.count + 2, "the merge and its undoing both stay in the history")
            #expect(history.1.last?.change == .mergeUndone(other: original))
            #expect(try await Self.status(f, original, copy) == "not-match")
            _ = try await f.register.record(
                .nameChanged(try VietnameseName("Nguyễn Văn Bình")), for: copy, validFrom: LocalDate(unchecked: 2026, 12, 4), officer: "x")

            let decisions = try await f.register.store.read { db in
                try db.query("SELECT decision, officer FROM quality_duplicate_decisions ORDER BY decided_at, decision").map { try $0.string("decision") }
            }
            #expect(decisions == ["match", "undo-merge"])
            let log = try await f.accessLog()
            for action in ["merge-duplicate", "undo-merge"] {
                let entries = log.filter { $0.action == action && $0.decision == "allowed" }
                #expect(Set(entries.compactMap(\.subject)) == [original.rawValue, copy.rawValue], "\(action) is logged for both records")
                #expect(entries.allSatisfy { $0.actor == "province.01" && $0.purpose == "data-quality" })
            }
        }
    }

    @Test(arguments: Backend.all) func notAMatchClosesThePairAndAScanKeepsItClosed(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let (original, copy) = try await Self.planted(f)
            let review = Self.review(f)
            let decided = try await review.decide(
                original, copy, .notMatch, reason: "hai người cùng tên, cùng ngày sinh", for: try f.request("central", .dataQuality))
            #expect(decided.status == "not-match" && decided.merge == nil)
            #expect(try await f.register.person(copy).person.mergedInto == nil)
            await #expect(throws: QualityError.self) {
                try await review.decide(original, copy, .notMatch, reason: "lại", for: try f.request("central", .dataQuality))
            }
            let scan = try await DuplicateQueue(store: f.register.store, gate: f.gate, reference: f.register.reference, now: { 9 }).scan()
            #expect(scan.decidedMatches == 0)
            #expect(try await Self.status(f, original, copy) == "not-match", "a decided pair keeps its decision when found again")
            #expect(try await review.queue(for: try f.request("province01", .dataQuality)).isEmpty)
        }
    }

    @Test(arguments: Backend.all) func matchesTeachTheNextScan(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let (original, copy) = try await Self.planted(f)
            _ = try await Self.review(f).decide(
                original, copy, .match(survivor: original), reason: "cùng một người", for: try f.request("province01", .dataQuality))
            let scan = try await DuplicateQueue(store: f.register.store, gate: f.gate, reference: f.register.reference, now: { 9 }).scan()
            #expect(scan.decidedMatches == 1)
            #expect(scan.people == 4, "the cancelled record is no one to compare")
        }
    }

    @Test func officersMatchesMoveM() throws {
        var generator = LinkageTestData(seed: 3, reference: .bundled, duplicateRate: 0.2)
        let rows = try generator.rows(count: 2_000)
        let a = LinkageRecord(
            recordId: "a", fullName: "Đặng Thị Thu", sex: .female, dateOfBirth: try PartialDate(iso: "1990-02-03"), provinceCode: "01", wardCode: "00004")
        let b = LinkageRecord(
            recordId: "b", fullName: "Đặng Thị Thu", sex: .female, dateOfBirth: try PartialDate(iso: "1990-03-02"), provinceCode: "01", wardCode: "00004")
        let field = LinkageField.dateOfBirth.rawValue
        let swapped = DateLevel.dayMonthSwapped.rawValue
        let without = ModelTraining.labelled(rows)[field][swapped]
        let with = ModelTraining.labelled(rows, decidedMatches: Array(repeating: (a, b), count: 40))[field][swapped]
        #expect(with > without, "forty officers' matches with day and month swapped make that level likelier among matches")
    }

    @Test func aMergeFollowsTheRules() throws {
        let person = try GateFixture.person("001080000101", "Nguyễn Văn An", born: "1980-03-04", sex: .male, ward: GateFixture.wardA)
        let other = try PersonalNumber("001080000201")
        let day = LocalDate(unchecked: 2026, 12, 4)
        func event(_ change: LifeEventChange) -> LifeEvent {
            LifeEvent(personalNumber: person.personalNumber, change: change, validFrom: day, recordedAt: 1, officer: "x")
        }
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.mergedInto(survivor: person.personalNumber)), to: person) }
        var survivor = person
        survivor.mergedNumbers = [other]
        #expect(throws: RuleViolation.self, "a survivor is not merged on") { try Projection.apply(event(.mergedInto(survivor: other)), to: survivor) }
        let cancelled = try Projection.apply(event(.mergedInto(survivor: other)), to: person)
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.deathRecorded(date: PartialDate(day))), to: cancelled) }
        #expect(throws: RuleViolation.self) { try Projection.apply(event(.mergeUndone(other: try PersonalNumber("079190000104"))), to: cancelled) }
        #expect(try Projection.apply(event(.mergeUndone(other: other)), to: cancelled) == person)
        var dead = person
        dead.vitalStatus = .dead(PartialDate(day))
        #expect(try Projection.apply(event(.mergedInto(survivor: other)), to: dead).mergedInto == other, "a death recorded on one copy does not stop the merge")
    }
}
