import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

/// A load into an empty register (seed, import) builds the secondary person indexes once at its end;
/// whatever stops it, the indexes are there again, and a register that holds people keeps them.
@Suite struct DeferredPersonIndexTests {
    static let names: Set<String> = ["persons_by_name", "persons_by_ward_name", "persons_by_legacy_id", "persons_by_name_birth"]

    struct Stopped: Error {}

    /// The secondary person indexes the database has now.
    static func personIndexes(_ store: any Store) async throws -> Set<String> {
        let sql =
            store.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons'"
            : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'persons'"
        return try await store.read { db in Set(try db.query(sql).map { try $0.string("name") }).intersection(names) }
    }

    @Test(arguments: Backend.all) func aLoadIntoAnEmptyRegisterBuildsTheIndexesAtItsEnd(backend: Backend) async throws {
        try await backend.withRegister { register in
            let people = try RegisterContractTests.entries(seed: 11, count: 1500)
            #expect(try await Self.personIndexes(register.store) == Self.names)
            let during = try await register.deferringPersonIndexes {
                #expect(try await register.enter(people, officer: "t", recordedAt: 1).isEmpty)
                return try await Self.personIndexes(register.store)
            }
            #expect(during.isEmpty)
            #expect(try await Self.personIndexes(register.store) == Self.names)
            // The indexes built afterwards hold everyone: a search finds each of a sample by name.
            for (_, person, _) in people.prefix(40) {
                let hits = try await RegisterContractTests.allPages(register, PersonSearch(name: person.name.fullName, limit: 100))
                #expect(hits.contains { $0.personalNumber == person.personalNumber.rawValue }, "\(person.name.fullName)")
            }
        }
    }

    @Test(arguments: Backend.all) func aLoadThatStopsMidwayLeavesTheIndexes(backend: Backend) async throws {
        try await backend.withRegister { register in
            let people = try RegisterContractTests.entries(seed: 12, count: 300)
            await #expect(throws: Stopped.self) {
                try await register.deferringPersonIndexes {
                    _ = try await register.enter(Array(people.prefix(150)), officer: "t", recordedAt: 1)
                    throw Stopped()
                }
            }
            #expect(try await Self.personIndexes(register.store) == Self.names)
        }
    }

    /// A load killed with the indexes dropped: the next opening builds them.
    @Test(arguments: Backend.all) func anOpeningBuildsTheIndexesAKilledLoadLeftOut(backend: Backend) async throws {
        try await backend.withRegister { register in
            _ = try await register.enter(try RegisterContractTests.entries(seed: 13, count: 200), officer: "t", recordedAt: 1)
            try await register.store.write { db in
                try db.execute("DROP INDEX persons_by_name", [])
                try db.execute("DROP INDEX persons_by_legacy_id", [])
                try db.execute("DROP INDEX persons_by_name_birth", [])
            }
            #expect(try await Self.personIndexes(register.store) == ["persons_by_ward_name"])
            try await Register(store: register.store).migrate()
            #expect(try await Self.personIndexes(register.store) == Self.names)
        }
    }

    @Test(arguments: Backend.all) func aRegisterThatHoldsPeopleKeepsItsIndexesDuringALoad(backend: Backend) async throws {
        try await backend.withRegister { register in
            let people = try RegisterContractTests.entries(seed: 14, count: 200)
            _ = try await register.enter(Array(people.prefix(1)), officer: "t", recordedAt: 1)
            let during = try await register.deferringPersonIndexes {
                _ = try await register.enter(Array(people.dropFirst()), officer: "t", recordedAt: 1)
                return try await Self.personIndexes(register.store)
            }
            #expect(during == Self.names)
        }
    }
}
