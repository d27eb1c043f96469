import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

@Suite struct GateTests {
    @Test(arguments: Backend.all) func eachReadLeavesExactlyOneEntryAndEachDenialOneToo(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let a1 = try f.number("a1")
            _ = try await f.gate.person(a1, for: try f.request("communeA", id: "r1"))
            await #expect(throws: AccessError.forbidden("outside the officer's jurisdiction (ward:00008)")) {
                try await f.gate.person(a1, for: try f.request("communeB", id: "r2"))
            }
            await #expect(throws: AccessError.self) { try await f.gate.person(a1, for: try f.request("communeA", nil, id: "r3")) }
            let log = try await f.accessLog()
            #expect(log.map(\.requestId) == ["r1", "r2", "r3"])
            #expect(log.map(\.decision) == ["allowed", "denied", "denied"])
            #expect(log.allSatisfy { $0.subject == a1.rawValue })
        }
    }

    @Test(arguments: Backend.all) func searchIsNarrowedToTheJurisdictionAndLogsEachHit(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let communeA = try await f.gate.search(PersonSearch(name: "n"), for: try f.request("communeA", id: "s1")).hits
            #expect(communeA.map(\.personalNumber) == [try f.number("a1").rawValue])
            let province01 = try await f.gate.search(PersonSearch(name: "l"), for: try f.request("province01", id: "s2")).hits
            #expect(province01.map(\.personalNumber) == [try f.number("b1").rawValue])
            #expect(try await f.gate.search(PersonSearch(name: "p"), for: try f.request("province01", id: "s3")).hits.isEmpty)
            #expect(try await f.gate.search(PersonSearch(name: "p"), for: try f.request("central", id: "s4")).hits.count == 1)
            await #expect(throws: AccessError.self) {
                try await f.gate.search(PersonSearch(name: "n", wardCode: GateFixture.wardB), for: try f.request("communeA", id: "s5")).hits
            }
            let log = try await f.accessLog()
            #expect(log.filter { $0.decision == "allowed" }.map(\.requestId) == ["s1", "s2", "s4"])
            #expect(log.filter { $0.decision == "denied" }.map(\.requestId) == ["s5"])
        }
    }

    @Test(arguments: Backend.all) func aWriteAndItsLogEntriesCommitTogether(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let a1 = try f.number("a1")
            let a2 = try f.number("a2")
            let spouse = PersonReference(name: try VietnameseName("Trần Thị Bích"), personalNumber: a2)
            _ = try await f.gate.record(
                .marriageRegistered(spouse: spouse), for: a1, validFrom: try LocalDate(iso: "2026-02-01"),
                reason: nil, expectedVersion: 1, request: try f.request("communeA", .civilStatus, id: "w1"))
            // Both spouses changed: one entry for each, in the write's own transaction.
            let log = try await f.accessLog()
            #expect(Set(log.filter { $0.requestId == "w1" }.compactMap(\.subject)) == [a1.rawValue, a2.rawValue])
            // A refused write (stale version) leaves no entry of an allowed write and no event.
            let events = try await f.count("life_events")
            await #expect(throws: RegisterError.versionConflict(expected: 1, actual: 2)) {
                try await f.gate.record(
                    .divorceRegistered, for: a1, validFrom: try LocalDate(iso: "2026-03-01"), reason: nil,
                    expectedVersion: 1, request: try f.request("communeA", .civilStatus, id: "w2"))
            }
            #expect(try await f.count("life_events") == events)
            #expect(try await f.accessLog().filter { $0.requestId == "w2" }.isEmpty)
        }
    }

    @Test(arguments: Backend.all) func residenceIsRegisteredByTheOfficerOfTheDestination(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let b1 = try f.number("b1")
            let move = LifeEventChange.permanentResidenceRegistered(
                Residence(
                    place: GateFixture.place(GateFixture.wardA, detail: "Số 9"),
                    since: try LocalDate(iso: "2026-05-01")))
            await #expect(throws: AccessError.self) {
                try await f.gate.record(
                    move, for: b1, validFrom: try LocalDate(iso: "2026-05-01"), reason: nil, expectedVersion: nil,
                    request: try f.request("communeB"))
            }
            // b1 lives in ward B: the officer of ward A registers the move with b1 at the counter, and is
            // answered the new version, not b1's record.
            await #expect(throws: AccessError.forbidden(Gate.presenceNeeded)) {
                try await f.gate.record(
                    move, for: b1, validFrom: try LocalDate(iso: "2026-05-01"), reason: nil, expectedVersion: nil,
                    request: try f.request("communeA"))
            }
            let presence = CounterPresence.declared(fullName: "Lê Văn Cường", dateOfBirth: try PartialDate(iso: "1975-01-02"))
            let moved = try await f.gate.record(
                move, for: b1, validFrom: try LocalDate(iso: "2026-05-01"), reason: nil,
                expectedVersion: nil, presence: presence, request: try f.request("communeA"))
            #expect(moved.person == nil && moved.version == 2)
            let read = try await f.gate.person(b1, for: try f.request("communeA"))
            #expect(read.person.permanentResidence?.place.wardCode == GateFixture.wardA)
        }
    }

    @Test(arguments: Backend.all) func theSameIdempotencyKeyCreatesOnce(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let birth = BirthRegistration(
                name: try VietnameseName("Nguyễn Minh Khang"), sex: .male, dateOfBirth: try LocalDate(iso: "2026-10-02"),
                placeOfBirth: GateFixture.place(GateFixture.wardA), birthRegistrationPlace: GateFixture.place(GateFixture.wardA))
            let key = try Idempotency(key: "k-1", fingerprint: "same body")
            let first = try await f.gate.registerBirth(birth, idempotency: key, for: try f.request("communeA", .civilStatus))
            let again = try await f.gate.registerBirth(birth, idempotency: key, for: try f.request("communeA", .civilStatus))
            #expect(!first.replayed && again.replayed)
            #expect(first.value.person.personalNumber == again.value.person.personalNumber)
            #expect(try await f.count("persons") == 5)
            await #expect(throws: AccessError.invalid(field: "Idempotency-Key", detail: "this key was used for a different request")) {
                try await f.gate.registerBirth(
                    birth, idempotency: try Idempotency(key: "k-1", fingerprint: "other body"),
                    for: try f.request("communeA", .civilStatus))
            }
        }
    }

    @Test(arguments: Backend.all) func concurrentRequestsWithOneKeyCreateOnce(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let birth = BirthRegistration(
                name: try VietnameseName("Lê Thu Hà"), sex: .female, dateOfBirth: try LocalDate(iso: "2026-10-03"),
                placeOfBirth: GateFixture.place(GateFixture.wardA), birthRegistrationPlace: GateFixture.place(GateFixture.wardA))
            let request = try f.request("communeA", .civilStatus)
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await f.gate.registerBirth(birth, idempotency: try Idempotency(key: "same", fingerprint: "b"), for: request)
                            .value.person.personalNumber.rawValue
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(numbers.count == 1)
            #expect(try await f.count("persons") == 5)
        }
    }

    @Test(arguments: Backend.all) func onlyAuditorsReadTheAccessLogAndThatIsLoggedToo(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let c1 = try f.number("c1")
            _ = try await f.gate.person(c1, for: try f.request("province79", id: "x1"))
            await #expect(throws: AccessError.self) {
                try await f.gate.accessLog(of: c1, after: 0, limit: 10, for: try f.request("central", .audit, id: "x2"))
            }
            let entries = try await f.gate.accessLog(of: c1, after: 0, limit: 10, for: try f.request("auditor", .audit, id: "x3"))
            // The read, then the central officer's refused attempt at the log.
            #expect(entries.map(\.requestId) == ["x1", "x2"])
            #expect(entries.map(\.decision) == [.allowed, .denied])
            #expect(try await f.accessLog().last?.action == "read-access-log")
        }
    }
}
