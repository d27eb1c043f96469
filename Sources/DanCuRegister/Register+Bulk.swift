public import DanCuCore
import DanCuStore

/// One record that bulk entry refused, with where it came from.
public struct BulkRejection: Sendable, Equatable {
    public let index: Int
    public let field: String
    public let reason: String
}

/// One checked person, ready for bulk entry: the person's row and the registration event's parts,
/// made where the record was checked (on any core), so the transaction only binds them and no
/// `Person` is copied about while batches are sorted and handed on.
public struct BulkEntry: Sendable {
    /// Where the record came from (a line number), for refusals.
    public let index: Int
    public let number: String
    let personRow: [SQLValue]
    let nameParts: [[SQLValue]]
    let validFrom: String
    let record: String

    /// `record` is the person as `PersonCodec.encode` writes them.
    public init(index: Int, person: Person, record: String, reference: ReferenceData) {
        self.index = index
        number = person.personalNumber.rawValue
        personRow = PersonTable.personRow(person, version: 1, record: nil, reference: reference)
        nameParts = PersonTable.namePartRows(number: number, nameKey: person.name.folded)
        validFrom = person.dateOfBirth.earliest.description
        self.record = record
    }
}

extension Register {
    /// Enters already-validated people in one transaction (seed and import): person rows, their
    /// registration events and outbox entries, in bulk. People whose number is already in the register
    /// are rejected; the others go in whole.
    @_spi(Gate) public func enter(
        _ people: [(index: Int, person: Person, record: String)], households: [Household] = [],
        officer: String, recordedAt: Int64
    ) async throws -> [BulkRejection] {
        let reference = self.reference
        return try await enter(
            people.map { BulkEntry(index: $0.index, person: $0.person, record: $0.record, reference: reference) },
            households: households, officer: officer, recordedAt: recordedAt)
    }

    /// The same, for entries already made.
    @_spi(Gate) public func enter(
        _ entries: [BulkEntry], households: [Household] = [], officer: String,
        recordedAt: Int64
    ) async throws -> [BulkRejection] {
        let kind = LifeEventChange.registrationKind
        return try await store.write { db in
            let existing = try PersonTable(db: db).exists(entries.map(\.number))
            var seen = Set<String>()
            var rejections: [BulkRejection] = []
            var personRows: [[SQLValue]] = []
            var eventRows: [[SQLValue]] = []
            var outboxRows: [[SQLValue]] = []
            var namePartRows: [[SQLValue]] = []
            namePartRows.reserveCapacity(entries.count * 2)
            personRows.reserveCapacity(entries.count)
            eventRows.reserveCapacity(entries.count)
            outboxRows.reserveCapacity(entries.count)
            // In key order, the inserts walk each primary-key b-tree once instead of jumping about in it.
            let order = entries.indices.sorted { (entries[$0].number, entries[$0].index) < (entries[$1].number, entries[$1].index) }
            for i in order {
                let entry = entries[i]
                guard !existing.contains(entry.number), seen.insert(entry.number).inserted else {
                    rejections.append(
                        BulkRejection(
                            index: entry.index, field: "personalNumber",
                            reason: "\(entry.number) is already in the register"))
                    continue
                }
                personRows.append(entry.personRow)
                namePartRows += entry.nameParts
                eventRows.append(
                    PersonTable.eventRow(
                        number: entry.number, seq: 1, kind: kind, validFrom: entry.validFrom,
                        recordedAt: recordedAt, officer: officer, reason: nil, payload: entry.record))
                outboxRows.append([.text(entry.number), .int(1), .text(kind), .int(recordedAt)])
            }
            try db.bulkInsert(table: "persons", columns: PersonTable.personColumns, rows: personRows)
            try db.bulkInsert(table: "life_events", columns: PersonTable.eventColumns, rows: eventRows)
            try db.bulkInsert(table: "outbox", columns: PersonTable.outboxColumns, rows: outboxRows)
            // In key order, as the other tables: a batch's parts land on neighbouring pages of the index.
            namePartRows.sort { a, b in
                guard case .text(let x) = a[0], case .text(let y) = b[0], case .text(let m) = a[1], case .text(let n) = b[1] else { return false }
                return (x, m) < (y, n)
            }
            try db.bulkInsert(table: "person_name_parts", columns: PersonTable.namePartColumns, rows: namePartRows)
            try Self.insertHouseholds(households, createdAt: recordedAt, db: db)
            return rejections
        }
    }

    /// Runs `load` (bulk entries) with the secondary person indexes dropped if the register holds
    /// nobody yet, then builds them, each in one pass over the table: a sort, where the load would have
    /// put every person into three B-trees at random places. Indexes present, or a register that holds
    /// people, are left as they are. A load that stops midway leaves them to the next opening
    /// (`migrate`), which builds any that are missing.
    @_spi(Gate) public func deferringPersonIndexes<T: Sendable>(_ load: () async throws -> T) async throws -> T {
        let empty = try await store.read { db in try db.queryOne("SELECT 1 AS one FROM persons LIMIT 1") == nil }
        guard empty else { return try await load() }
        try await store.write { db in
            for index in RegisterSchema.currentPersonIndexes { try db.execute("DROP INDEX IF EXISTS \(index.name)", []) }
        }
        let result: T
        do {
            result = try await load()
        } catch {
            try? await buildPersonIndexes()
            throw error
        }
        try await buildPersonIndexes()
        return result
    }

    /// Builds the secondary person indexes that are missing, one transaction each. Every opening asks,
    /// so it looks in the catalogue first: on PostgreSQL even `CREATE INDEX IF NOT EXISTS` locks the
    /// table against writes, which a server starting beside others should not do for nothing.
    func buildPersonIndexes() async throws {
        let catalogue =
            store.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons'"
            : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'persons'"
        let present = try await store.read { db in Set(try db.query(catalogue).map { try $0.string("name") }) }
        for index in RegisterSchema.currentPersonIndexes where !present.contains(index.name) {
            try await store.write { db in try db.execute(index.definition, []) }
        }
    }

    /// Pages through every record in personal-number order (the stored JSON), for export.
    @_spi(Gate) public func records(after: String?, limit: Int) async throws -> [(number: String, record: String)] {
        try await store.readOne { db in
            try db.query(
                """
                SELECT p.personal_number, \(PersonTable.currentRecord) AS record FROM \(PersonTable.personsWithRecord)
                WHERE p.personal_number > ? ORDER BY p.personal_number LIMIT ?
                """, [.text(after ?? ""), .int(Int64(limit))]
            ).map { (try $0.string("personal_number"), try $0.string("record")) }
        }
    }

    static func insertHouseholds(_ households: [Household], createdAt: Int64, db: any SQLConnection) throws {
        var rows: [[SQLValue]] = []
        var members: [[SQLValue]] = []
        for h in households {
            rows.append([
                .text(h.id), .text(h.head.rawValue), .text(PersonCodec.encode(h.address)),
                SQLValue(h.address.wardCode), .int(1), .int(createdAt),
            ])
            for m in h.members {
                members.append([.text(m.personalNumber.rawValue), .text(h.id), .text(m.relationshipToHead.rawValue)])
            }
        }
        try db.bulkInsert(table: "households", columns: ["id", "head", "address", "ward_code", "version", "created_at"], rows: rows)
        try db.bulkInsert(table: "household_members", columns: ["personal_number", "household_id", "relationship"], rows: members)
    }
}
