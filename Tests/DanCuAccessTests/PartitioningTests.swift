import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

/// On PostgreSQL the tables of people are hash-partitioned by personal number (register migration 4):
/// a new database is made so, and one made before keeps every person, event and search answer.
@Suite struct PartitioningTests {
    static let postgres = Backend.all.filter { $0 == .postgres }

    static let people: [(String, String, String, Sex, String)] = [
        ("001080000101", "Nguyễn Văn An", "1980-03-04", .male, GateFixture.wardA),
        ("001182000102", "Trần Thị Bích", "1982-07-08", .female, GateFixture.wardA),
        ("001075000103", "Lê Văn Cường", "1975-01-02", .male, GateFixture.wardB),
        ("079190000104", "Phạm Thị Dung", "1990-11-12", .female, GateFixture.wardC),
        ("001185000105", "Nguyễn Thị Em", "1985-05-05", .female, GateFixture.wardB),
    ]

    static func enter(_ register: Register) async throws {
        for (number, name, born, sex, ward) in people {
            _ = try await register.registerExisting(try GateFixture.person(number, name, born: born, sex: sex, ward: ward), officer: "test")
        }
    }

    /// The partitioned table's kind, its partitions, and how many rows the parent itself holds (none).
    static func shape(of table: String, in store: any Store) async throws -> (kind: String, partitions: Int, inParent: Int) {
        try await store.read { db in
            let kind = try db.queryOne("SELECT relkind::text AS k FROM pg_class WHERE relname = ?", [.text(table)])?["k"].string ?? ""
            let partitions =
                try db.queryOne(
                    "SELECT COUNT(*) AS n FROM pg_inherits WHERE inhparent = ?::regclass", [.text(table)])?["n"].int ?? 0
            let inParent = try db.queryOne("SELECT COUNT(*) AS n FROM ONLY \(table)")?["n"].int ?? -1
            return (kind, Int(partitions), Int(inParent))
        }
    }

    @Test(arguments: postgres) func aNewRegisterPartitionsItsPeople(backend: Backend) async throws {
        try await backend.withRegister { register in
            try await Self.enter(register)
            for table in ["persons", "life_events", "household_members"] {
                let shape = try await Self.shape(of: table, in: register.store)
                #expect(shape.kind == "p", "\(table) is partitioned")
                #expect(shape.partitions == HashPartitioning.defaultPartitions)
                #expect(shape.inParent == 0)
            }
            let spread = try await register.store.read { db in
                try db.query("SELECT tableoid::regclass::text AS t, COUNT(*) AS n FROM persons GROUP BY 1").count
            }
            #expect(spread > 1, "five people fall in more than one partition")
        }
    }

    @Test(arguments: postgres) func aRegisterMadeBeforeKeepsEveryoneWhenPartitioned(backend: Backend) async throws {
        try await backend.withStore { store in
            let before = RegisterSchema.migrations.filter { $0.version < 4 }
            try await Migrator.migrate(store, before)
            // Today's code writes the date of birth that migration 6 added: the column is there while it
            // writes, and gone again before the migrations run, as a register of version 3 had it.
            try await store.write { db in try db.execute("ALTER TABLE persons ADD COLUMN birth_date TEXT") }
            let register = Register(store: store)
            try await Self.enter(register)
            let number = try PersonalNumber("001080000101")
            _ = try await register.record(
                .nameChanged(try VietnameseName("Nguyễn Văn Ân")), for: number, validFrom: try LocalDate(iso: "2020-01-01"), officer: "test",
                reason: "court decision")
            try await store.write { db in try db.execute("ALTER TABLE persons DROP COLUMN birth_date") }
            #expect(try await Self.shape(of: "persons", in: store).kind == "r")

            let applied = try await Migrator.migrate(store, RegisterSchema.migrations)
            #expect(applied.map(\.version) == [4, 5, 6])
            let dates = try await store.read { db in
                try db.query("SELECT personal_number, birth_date FROM persons ORDER BY personal_number").map {
                    "\(try $0.string("personal_number")) \($0["birth_date"].string ?? "none")"
                }
            }
            #expect(dates == Self.people.map { "\($0.0) \($0.2)" }.sorted())
            #expect(try await Self.shape(of: "persons", in: store).kind == "p")
            #expect(try await register.count() == Self.people.count)
            #expect(try await register.history(number).count == 2)
            #expect(try await register.person(number).person.name.fullName == "Nguyễn Văn Ân")
            #expect(try await register.search(PersonSearch(name: "nguyen")).hits.count == 2)
            // The primary key holds across partitions: the same number cannot come in twice.
            await #expect(throws: RegisterError.self) {
                try await register.registerExisting(
                    try GateFixture.person("001080000101", "Nguyễn Văn An", born: "1980-03-04", sex: .male, ward: GateFixture.wardA), officer: "test")
            }
        }
    }
}
