import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

/// A birth registered again is refused, however many others of the child's name were born that year:
/// the register finds those of the name born that day by one seek of `persons_by_name_birth`.
@Suite struct SameBirthTests {
    static let hanoi = RegisterContractTests.hanoi

    static func birth(_ name: String, on day: LocalDate, mother: Person?, twin: Bool? = nil) throws -> BirthRegistration {
        BirthRegistration(
            name: try VietnameseName(name), sex: .female, dateOfBirth: day, placeOfBirth: hanoi, birthRegistrationPlace: hanoi,
            mother: mother.map { PersonReference(name: $0.name, personalNumber: $0.personalNumber) }, multipleBirth: twin)
    }

    @Test(arguments: Backend.all) func theSameBirthIsFoundAmongManyOfItsNameAndYear(backend: Backend) async throws {
        try await backend.withRegister { register in
            let mother = try RegisterContractTests.adult("001185000201", "Phạm Thị Lan", born: "1985", sex: .female)
            let other = try RegisterContractTests.adult("001186000202", "Đỗ Thị Hoa", born: "1986", sex: .female)
            for p in [mother, other] { _ = try await register.registerExisting(p, officer: "t") }
            let first = try LocalDate(iso: "2026-01-01")
            // Thirty girls of one name born the same year to one mother, a day apart: none is a repeat.
            for day in 0..<30 {
                _ = try await register.registerBirth(try Self.birth("Nguyễn Thị Mai", on: first.adding(days: day), mother: mother), officer: "t")
            }
            let tenth = first.adding(days: 9)
            // The same name and day to another mother, or with no parent named, is another child.
            _ = try await register.registerBirth(try Self.birth("Nguyễn Thị Mai", on: tenth, mother: other), officer: "t")
            _ = try await register.registerBirth(try Self.birth("Nguyễn Thị Mai", on: tenth, mother: nil), officer: "t")
            // The tenth again, to the same mother: refused, unless a twin is declared.
            await #expect(throws: RegisterError.self) {
                try await register.registerBirth(try Self.birth("NGUYỄN THỊ MAI", on: tenth, mother: mother), officer: "t")
            }
            await #expect(throws: RegisterError.self) {
                try await register.registerBirth(try Self.birth("Nguyễn Thị Mai", on: tenth, mother: nil), officer: "t")
            }
            _ = try await register.registerBirth(try Self.birth("Nguyễn Thị Mai", on: tenth, mother: mother, twin: true), officer: "t")
            let count = try await register.store.read { db in try db.queryOne("SELECT COUNT(*) AS n FROM persons")?["n"].int ?? -1 }
            #expect(count == 2 + 30 + 2 + 1)
        }
    }

    /// A person entered whole (their record held by the registration event) and one whose record was
    /// rewritten since (held by the row) are both found.
    @Test(arguments: Backend.all) func aRepeatIsFoundWhereverTheRecordIsHeld(backend: Backend) async throws {
        try await backend.withRegister { register in
            let mother = try RegisterContractTests.adult("001185000301", "Vũ Thị Nga", born: "1985", sex: .female)
            _ = try await register.registerExisting(mother, officer: "t")
            let day = try LocalDate(iso: "2026-03-04")
            var entered = try RegisterContractTests.adult("001326000302", "Hoàng Minh Châu", born: "2026-03-04", sex: .female)
            entered.mother = PersonReference(name: mother.name, personalNumber: mother.personalNumber)
            entered.birthRegistrationPlace = Self.hanoi
            _ = try await register.registerExisting(entered, officer: "t")
            await #expect(throws: RegisterError.self) {
                try await register.registerBirth(try Self.birth("Hoàng Minh Châu", on: day, mother: mother), officer: "t")
            }
            // Her residence registered: her record is now the row's, version 2, and she is found by it.
            let moved = try await register.record(
                .permanentResidenceRegistered(Residence(place: RegisterContractTests.other, since: day.adding(days: 10))),
                for: entered.personalNumber, validFrom: day.adding(days: 10), officer: "t")
            #expect(moved.version == 2)
            await #expect(throws: RegisterError.self) {
                try await register.registerBirth(try Self.birth("Hoàng Minh Châu", on: day, mother: mother), officer: "t")
            }
            _ = try await register.registerBirth(try Self.birth("Hoàng Minh Châu", on: day.adding(days: 1), mother: mother), officer: "t")
        }
    }

    /// A date of birth corrected moves the person in the index: the repeat is found on the new day.
    @Test(arguments: Backend.all) func aCorrectedDateOfBirthIsWhereARepeatIsLookedFor(backend: Backend) async throws {
        try await backend.withRegister { register in
            let mother = try RegisterContractTests.adult("001185000401", "Lý Thị Thu", born: "1985", sex: .female)
            _ = try await register.registerExisting(mother, officer: "t")
            let day = try LocalDate(iso: "2026-05-10")
            let child = try await register.registerBirth(try Self.birth("Lý Minh Anh", on: day, mother: mother), officer: "t")
            _ = try await register.record(
                .corrected(PersonCorrection(dateOfBirth: PartialDate(day.adding(days: 1)))), for: child.personalNumber, validFrom: day.adding(days: 2),
                officer: "t", reason: "the birth notice gives the 11th")
            await #expect(throws: RegisterError.self) {
                try await register.registerBirth(try Self.birth("Lý Minh Anh", on: day.adding(days: 1), mother: mother), officer: "t")
            }
            _ = try await register.registerBirth(try Self.birth("Lý Minh Anh", on: day, mother: mother), officer: "t")
        }
    }

    /// Every way a person comes in (a bulk load, a registration, a birth, a rewritten record) writes the
    /// date of birth as the record has it, whole or partial; the migration that made the column fills
    /// it for the people already in to the same text.
    @Test(arguments: Backend.all) func theDateOfBirthColumnIsTheRecordsAndTheMigrationFillsItSo(backend: Backend) async throws {
        try await backend.withRegister { register in
            let people = try RegisterContractTests.entries(seed: 21, count: 300)
            #expect(try await register.enter(people, officer: "t", recordedAt: 1).isEmpty)
            let yearOnly = try RegisterContractTests.adult("001050000501", "Trịnh Văn Bảy", born: "1950", sex: .male)
            _ = try await register.registerExisting(yearOnly, officer: "t")
            _ = try await register.registerBirth(try Self.birth("Trịnh Thị Tám", on: try LocalDate(iso: "2026-02-03"), mother: nil), officer: "t")
            _ = try await register.record(
                .permanentResidenceRegistered(Residence(place: RegisterContractTests.other, since: try LocalDate(iso: "2026-02-04"))),
                for: yearOnly.personalNumber, validFrom: try LocalDate(iso: "2026-02-04"), officer: "t")
            let columns = { @Sendable (db: any SQLConnection) throws -> [String: String] in
                var found: [String: String] = [:]
                for row in try db.query("SELECT personal_number, birth_date FROM persons") {
                    found[try row.string("personal_number")] = row["birth_date"].string ?? "(none)"
                }
                return found
            }
            let written = try await register.store.read(columns)
            #expect(written.count == people.count + 2)
            #expect(written[yearOnly.personalNumber.rawValue] == "1950")
            for person in people { #expect(written[person.person.personalNumber.rawValue] == person.person.dateOfBirth.description) }
            let migrated = try await register.store.write { db in
                try db.execute("UPDATE persons SET birth_date = NULL")
                try db.execute(RegisterSchema.birthDates(db.dialect)[1])
                return try columns(db)
            }
            #expect(migrated == written)
        }
    }

    /// The repeat check reads one range of the name-and-birth index, not every person of the name.
    @Test func theRepeatCheckSeeksTheNameAndBirthIndex() async throws {
        try await Backend.sqlite.withRegister { register in
            let plan = try await register.store.read { db in
                try db.query("EXPLAIN QUERY PLAN " + RegisterSchema.peopleOfNameBornOn, [.text("nguyen thi mai"), .text("2026-01-01")]).map {
                    try $0.string("detail")
                }
            }
            #expect(plan.contains { $0.contains("persons_by_name_birth (name_key=? AND birth_date=?)") }, "\(plan)")
        }
    }
}
