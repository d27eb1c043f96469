import DanCuCore
import DanCuStore

/// One record that bulk entry refused, with where it came from.
public struct BulkRejection: Sendable, Equatable {
    public let index: Int
    public let field: String
    public let reason: String
}

extension Register {
    /// Enters already-validated people in one transaction (seed and import): person rows, their
    /// registration events and outbox entries, in bulk. People whose number is already in the register
    /// are rejected; the others go in whole.
    public func enter(_ people: [(index: Int, person: Person, record: String)], households: [Household] = [],
                      officer: String, recordedAt: Int64) async throws -> [BulkRejection] {
        let reference = self.reference
        return try await store.write { db in
            let existing = try PersonTable(db: db).exists(people.map(\.person.personalNumber.rawValue))
            var seen = Set<String>()
            var rejections: [BulkRejection] = []
            var personRows: [[SQLValue]] = []
            var eventRows: [[SQLValue]] = []
            var outboxRows: [[SQLValue]] = []
            personRows.reserveCapacity(people.count)
            eventRows.reserveCapacity(people.count)
            outboxRows.reserveCapacity(people.count)
            // In key order, the inserts walk each primary-key b-tree once instead of jumping about in it.
            let ordered = people.sorted { ($0.person.personalNumber, $0.index) < ($1.person.personalNumber, $1.index) }
            for (index, person, record) in ordered {
                let number = person.personalNumber.rawValue
                guard !existing.contains(number), seen.insert(number).inserted else {
                    rejections.append(BulkRejection(index: index, field: "personalNumber",
                                                    reason: "\(number) is already in the register"))
                    continue
                }
                personRows.append(PersonTable.personRow(person, version: 1, record: nil, reference: reference))
                let event = LifeEvent(personalNumber: person.personalNumber, change: .personRegistered(person),
                                      validFrom: person.dateOfBirth.earliest, recordedAt: recordedAt, officer: officer)
                eventRows.append(PersonTable.eventRow(event, seq: 1, payload: record))
                outboxRows.append([.text(number), .int(1), .text(event.kind), .int(recordedAt)])
            }
            try db.bulkInsert(table: "persons", columns: PersonTable.personColumns, rows: personRows)
            try db.bulkInsert(table: "life_events", columns: PersonTable.eventColumns, rows: eventRows)
            try db.bulkInsert(table: "outbox", columns: PersonTable.outboxColumns, rows: outboxRows)
            try Self.insertHouseholds(households, createdAt: recordedAt, db: db)
            return rejections
        }
    }

    /// Pages through every record in personal-number order (the stored JSON), for export.
    public func records(after: String?, limit: Int) async throws -> [(number: String, record: String)] {
        try await store.readOne { db in
            try db.query("""
                SELECT p.personal_number, \(PersonTable.currentRecord) AS record FROM \(PersonTable.personsWithRecord)
                WHERE p.personal_number > ? ORDER BY p.personal_number LIMIT ?
                """, [.text(after ?? ""), .int(Int64(limit))]).map { (try $0.string("personal_number"), try $0.string("record")) }
        }
    }

    static func insertHouseholds(_ households: [Household], createdAt: Int64, db: any SQLConnection) throws {
        var rows: [[SQLValue]] = []
        var members: [[SQLValue]] = []
        for h in households {
            rows.append([.text(h.id), .text(h.head.rawValue), .text(PersonCodec.encode(h.address)),
                         SQLValue(h.address.wardCode), .int(1), .int(createdAt)])
            for m in h.members {
                members.append([.text(m.personalNumber.rawValue), .text(h.id), .text(m.relationshipToHead.rawValue)])
            }
        }
        try db.bulkInsert(table: "households", columns: ["id", "head", "address", "ward_code", "version", "created_at"], rows: rows)
        try db.bulkInsert(table: "household_members", columns: ["personal_number", "household_id", "relationship"], rows: members)
    }
}
