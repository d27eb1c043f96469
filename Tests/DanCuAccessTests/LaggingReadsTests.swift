import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

/// `--read-database`: the reads that may lag (search, verification's read, statistics) go to the standby
/// and only those; a person's record and every use case's own checks read the primary. Two databases
/// of the same backend stand for the primary and a standby that has not yet replayed a birth.
@Suite struct LaggingReadsTests {
    @Test(arguments: Backend.all) func onlyTheReadsThatMayLagGoToTheStandby(backend: Backend) async throws {
        try await backend.withRegister { primary in
            try await backend.withRegister { standby in
                let register = primary.readingLagging(from: standby.store)
                func an() throws -> Person {
                    try GateFixture.person("001080000101", "Nguyễn Văn An", born: "1980-03-04", sex: .male, ward: GateFixture.wardA)
                }
                let entered = try await register.registerExisting(try an(), officer: "test")
                let number = entered.personalNumber

                // The primary has the person; the standby has not caught up.
                #expect(try await register.person(number).person.name.fullName == "Nguyễn Văn An")
                await #expect(throws: RegisterError.personNotFound(number)) { try await register.person(number, mayLag: true) }
                #expect(try await register.search(PersonSearch(name: "nguyen an")).hits.isEmpty)
                #expect(try await register.statistics(onYear: 2026).total == 0)

                // Once the standby has it, the lagging reads find it there.
                _ = try await standby.registerExisting(try an(), officer: "replay")
                #expect(try await register.search(PersonSearch(name: "nguyen an")).hits.map(\.personalNumber) == [number.rawValue])
                #expect(try await register.person(number, mayLag: true).person.personalNumber == number)
                #expect(try await register.statistics(onYear: 2026).total == 1)

                // A write's own checks read the primary: a second entry of the number is refused there.
                await #expect(throws: RegisterError.self) {
                    try await register.registerExisting(try an(), officer: "test")
                }
            }
        }
    }
}
