import DanCuCore
import DanCuStore

/// Reads and writes of the register's person-owned tables inside a transaction. Only this module's
/// use cases call it.
struct PersonTable {
    let db: any SQLConnection
    /// The people whose life events this transaction appended, in order, for the register's witness.
    var written = WrittenPeople()

    static let personColumns = [
        "personal_number", "version", "full_name", "name_key", "birth_year", "sex", "ward_code",
        "province_code", "vital_status", "household_id", "legacy_id_number", "record", "birth_date",
    ]
    static let eventColumns = ["personal_number", "seq", "kind", "valid_from", "recorded_at", "officer", "reason", "payload"]
    static let outboxColumns = ["personal_number", "seq", "kind", "recorded_at"]

    /// `record` is nil at version 1: the record is then the registration event's payload, and storing
    /// it twice would double the register's size for the many people whose record never changes.
    /// The `vital_status` column of a cancelled duplicate: it is no one to count, search or measure
    /// (its record keeps the vital status it had).
    static let mergedStatus = "merged"

    static func personRow(_ p: Person, version: Int, record: String?, reference: ReferenceData) -> [SQLValue] {
        let ward = p.residenceWardCode
        let province = p.currentResidence?.provinceCode ?? ward.flatMap { reference.units.ward($0)?.provinceCode }
        return [
            .text(p.personalNumber.rawValue), .int(Int64(version)), .text(p.name.fullName), .text(p.name.folded),
            .int(Int64(p.dateOfBirth.year)), .text(p.sex.rawValue), SQLValue(ward), SQLValue(province),
            .text(p.mergedInto == nil ? p.vitalStatus.label : Self.mergedStatus), SQLValue(p.householdId), SQLValue(p.legacyIdNumber), SQLValue(record),
            .text(p.dateOfBirth.description),
        ]
    }

    /// Registration events carry the initial record itself as payload; later events carry the change.
    static func eventRow(_ e: LifeEvent, seq: Int, payload: String) -> [SQLValue] {
        eventRow(
            number: e.personalNumber.rawValue, seq: seq, kind: e.kind, validFrom: e.validFrom.description,
            recordedAt: e.recordedAt, officer: e.officer, reason: e.reason, payload: payload)
    }

    /// The same from its parts, in `eventColumns` order, for bulk entry, which has no `LifeEvent` at hand.
    static func eventRow(
        number: String, seq: Int, kind: String, validFrom: String, recordedAt: Int64, officer: String,
        reason: String?, payload: String
    ) -> [SQLValue] {
        [.text(number), .int(Int64(seq)), .text(kind), .text(validFrom), .int(recordedAt), .text(officer), SQLValue(reason), .text(payload)]
    }

    /// Holds the person's row until the transaction ends, so that two changes of one person at once
    /// (two births to the same parent) are made one after the other, each on what the other left. On
    /// PostgreSQL the `load` that follows sees the committed row, as each statement takes a new
    /// snapshot; SQLite has one writer and needs nothing.
    func lockForChange(_ number: PersonalNumber) throws {
        guard db.dialect == .postgres else { return }
        _ = try db.queryOne("SELECT version FROM persons WHERE personal_number = ? FOR UPDATE", [.text(number.rawValue)])
    }

    func load(_ number: PersonalNumber) throws -> (person: Person, version: Int)? {
        guard let (record, version) = try loadRecord(number) else { return nil }
        return (try PersonCodec.decodePerson(record), version)
    }

    /// The current record as stored (the JSON `PersonCodec.encode` wrote) and its version.
    func loadRecord(_ number: PersonalNumber) throws -> (record: String, version: Int)? {
        guard
            let row = try db.queryOne(
                "SELECT p.version, \(Self.currentRecord) AS record FROM \(Self.personsWithRecord) WHERE p.personal_number = ?",
                [.text(number.rawValue)])
        else { return nil }
        return (try row.string("record"), Int(try row.int("version")))
    }

    /// The current records of `numbers` as stored, by personal number; numbers the register lacks are
    /// absent. One statement for each few hundred numbers, not one for each person.
    func loadRecords(_ numbers: [String]) throws -> [String: (record: String, version: Int)] {
        var found: [String: (record: String, version: Int)] = [:]
        found.reserveCapacity(numbers.count)
        var start = numbers.startIndex
        while start < numbers.endIndex {
            let slice = numbers[start..<min(start + Self.manyAtOnce, numbers.endIndex)]
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            for row in try db.query(
                "SELECT p.personal_number, p.version, \(Self.currentRecord) AS record FROM \(Self.personsWithRecord) WHERE p.personal_number IN (\(marks))",
                slice.map { .text($0) })
            {
                found[try row.string("personal_number")] = (try row.string("record"), Int(try row.int("version")))
            }
            start = slice.endIndex
        }
        return found
    }

    /// How many numbers one statement of `loadRecords` names.
    static let manyAtOnce = 500

    func insert(_ p: Person, reference: ReferenceData) throws {
        try db.execute(
            "INSERT INTO persons (\(Self.personColumns.joined(separator: ","))) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            Self.personRow(p, version: 1, record: nil, reference: reference))
        try insertNameParts(Self.namePartRows(number: p.personalNumber.rawValue, nameKey: p.name.folded))
    }

    static let namePartColumns = ["part", "personal_number"]

    /// The rows of `person_name_parts` for a folded name: each distinct part after the first.
    static func namePartRows(number: String, nameKey: String) -> [[SQLValue]] {
        var parts: [Substring] = []
        for part in nameKey.split(separator: " ").dropFirst() where !parts.contains(part) { parts.append(part) }
        return parts.map { [.text(String($0)), .text(number)] }
    }

    func insertNameParts(_ rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        try db.execute(
            "INSERT INTO person_name_parts (part, personal_number) VALUES " + Array(repeating: "(?,?)", count: rows.count).joined(separator: ","),
            rows.flatMap { $0 })
    }

    /// `persons p` joined to the registration event `r`, from which a version-1 record is read.
    static let personsWithRecord = "persons p LEFT JOIN life_events r ON r.personal_number = p.personal_number AND r.seq = 1 AND p.record IS NULL"
    static let currentRecord = "COALESCE(p.record, r.payload)"

    /// `previous` is the record as it was loaded in this transaction: a changed name moves its parts.
    func update(_ p: Person, from previous: Person, version: Int, reference: ReferenceData) throws {
        let number = p.personalNumber.rawValue
        let nameKey = p.name.folded
        let before = previous.name.folded
        if before != nameKey {
            for old in Self.namePartRows(number: number, nameKey: before) {
                try db.execute("DELETE FROM person_name_parts WHERE part = ? AND personal_number = ?", old)
            }
            try insertNameParts(Self.namePartRows(number: number, nameKey: nameKey))
        }
        let row = Self.personRow(p, version: version, record: PersonCodec.encode(p), reference: reference)
        try db.execute(
            """
            UPDATE persons SET version = ?, full_name = ?, name_key = ?, birth_year = ?, sex = ?, ward_code = ?, province_code = ?,
              vital_status = ?, household_id = ?, legacy_id_number = ?, record = ?, birth_date = ? WHERE personal_number = ?
            """, Array(row.dropFirst()) + [row[0]])
    }

    func append(_ e: LifeEvent, seq: Int) throws {
        written.numbers.append(e.personalNumber)
        written.events.append(e)
        let payload: String
        switch e.change {
        case .birthRegistered(let p), .personRegistered(let p): payload = PersonCodec.encode(p)
        default: payload = try PersonCodec.encode(e.change)
        }
        try db.execute(
            "INSERT INTO life_events (\(Self.eventColumns.joined(separator: ","))) VALUES (?,?,?,?,?,?,?,?)",
            Self.eventRow(e, seq: seq, payload: payload))
        try db.execute(
            "INSERT INTO outbox (personal_number, seq, kind, recorded_at) VALUES (?,?,?,?)",
            [.text(e.personalNumber.rawValue), .int(Int64(seq)), .text(e.kind), .int(e.recordedAt)])
    }

    func events(of number: PersonalNumber) throws -> [LifeEvent] {
        try db.query(
            """
            SELECT kind, valid_from, recorded_at, officer, reason, payload FROM life_events
            WHERE personal_number = ? ORDER BY seq
            """, [.text(number.rawValue)]
        ).map { row in
            let kind = try row.string("kind")
            let payload = try row.string("payload")
            let change: LifeEventChange
            switch kind {
            case "birthRegistered": change = .birthRegistered(try PersonCodec.decodePerson(payload))
            case "personRegistered": change = .personRegistered(try PersonCodec.decodePerson(payload))
            default: change = try PersonCodec.decode(LifeEventChange.self, from: payload)
            }
            return LifeEvent(
                personalNumber: number, change: change, validFrom: try LocalDate(iso: row.string("valid_from")),
                recordedAt: try row.int("recorded_at"), officer: try row.string("officer"),
                reason: row["reason"].string)
        }
    }

    /// Which of `numbers` are already in the register; asked in slices that stay well below either
    /// backend's limit on bound parameters.
    func exists(_ numbers: [String]) throws -> Set<String> {
        var found = Set<String>()
        var start = 0
        while start < numbers.count {
            let slice = numbers[start..<min(start + 1000, numbers.count)]
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            for row in try db.query("SELECT personal_number FROM persons WHERE personal_number IN (\(marks))", slice.map { .text($0) }) {
                if let n = row["personal_number"].string { found.insert(n) }
            }
            start += 1000
        }
        return found
    }
}

/// Collects, inside one transaction, the personal numbers a use case changed. It never leaves the
/// transaction's closure.
final class WrittenPeople {
    var numbers: [PersonalNumber] = []
    var events: [LifeEvent] = []
}

extension PersonTable {
    /// The people of a folded name born on `date`, found by one seek of `persons_by_name_birth`: a
    /// common name has hundreds of thousands of people in a national register, thousands a year.
    func named(_ nameKey: String, bornOn date: PartialDate) throws -> [Person] {
        try db.query(RegisterSchema.peopleOfNameBornOn, [.text(nameKey), .text(date.description)])
            .map { try PersonCodec.decodePerson(try $0.string("record")) }
    }
}
