public import DanCuAccess
public import DanCuCore
public import DanCuStore
import Foundation

/// Members' linked records: the catalogue of types, and what members wrote about people, each with its
/// provenance (member, subsystem, time, legal basis). Records are appended; a newer record of a type
/// by the same member is the current one, and the older stay for the history.
public struct LinkedRecords: Sendable {
    let store: any Store
    let clock: CivilClock

    public struct Record: Sendable {
        public let id: Int64
        public let personalNumber: String
        public let type: String
        /// The data as JSON, its fields as the type names them.
        public let data: String
        public let member: String
        public let subsystem: String
        public let legalBasis: String
        public let recordedAt: Int64
    }

    /// Adds the standard types an installation starts with, where missing.
    public func prepare() async throws {
        let now = clock.nowMicros()
        let types = try RecordType.standard()
        try await store.write { db in
            for type in types {
                try db.execute(
                    "INSERT INTO exchange_record_types (code, name_vi, name_en, fields, added_at, added_by) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    [.text(type.code), .text(type.nameVietnamese), .text(type.nameEnglish), .text(try Self.encode(type.fields)), .int(now), .text("system")])
            }
        }
    }

    public func add(_ type: RecordType, by actor: String) async throws {
        let now = clock.nowMicros()
        let fields = try Self.encode(type.fields)
        do {
            try await store.write { db in
                guard try db.queryOne("SELECT 1 AS x FROM exchange_record_types WHERE code = ?", [.text(type.code)]) == nil else {
                    throw ExchangeError.recordTypeExists(type.code)
                }
                try db.execute(
                    "INSERT INTO exchange_record_types (code, name_vi, name_en, fields, added_at, added_by) VALUES (?,?,?,?,?,?)",
                    [.text(type.code), .text(type.nameVietnamese), .text(type.nameEnglish), .text(fields), .int(now), .text(actor)])
                try MemberRegistry.record(db, at: now, actor: actor, action: "record-type-add", subject: type.code, detail: fields)
            }
        } catch StoreError.uniqueViolation {
            throw ExchangeError.recordTypeExists(type.code)
        }
    }

    public func types() async throws -> [RecordType] {
        try await store.read { db in try db.query("SELECT * FROM exchange_record_types ORDER BY code").compactMap(Self.type) }
    }

    public func type(_ code: String) async throws -> RecordType? {
        try await store.readOne { db in try db.queryOne("SELECT * FROM exchange_record_types WHERE code = ?", [.text(code)]) }.flatMap(Self.type)
    }

    func append(number: String, type: String, data: String, caller: MemberCaller, legalBasis: String, in db: any SQLConnection) throws -> Record {
        let now = clock.nowMicros()
        let row = try db.queryOne(
            """
            INSERT INTO exchange_linked_records (personal_number, type, data, member, subsystem, legal_basis, recorded_at, request_id)
            VALUES (?,?,?,?,?,?,?,?) RETURNING id
            """,
            [
                .text(number), .text(type), .text(data), .text(caller.subsystem.member), .text(caller.subsystem.code), .text(legalBasis), .int(now),
                .text(caller.requestId),
            ])
        guard let id = row?["id"].int else { throw StoreError.backend("the linked record was not given an id") }
        return Record(
            id: id, personalNumber: number, type: type, data: data, member: caller.subsystem.member, subsystem: caller.subsystem.code,
            legalBasis: legalBasis, recordedAt: now)
    }

    /// A person's records of `types` (all when nil), oldest first.
    func records(of number: String, types: [String]?) async throws -> [Record] {
        try await store.read { db in
            try db.query("SELECT * FROM exchange_linked_records WHERE personal_number = ? ORDER BY id", [.text(number)]).compactMap(Self.record)
                .filter { types?.contains($0.type) ?? true }
        }
    }

    /// The people with at least one record of `type`, among `numbers` (everyone for nil).
    func numbers(withType type: String, among numbers: [String]?) async throws -> [String] {
        try await store.read { db in
            guard let numbers else {
                return try db.query("SELECT DISTINCT personal_number FROM exchange_linked_records WHERE type = ? ORDER BY personal_number", [.text(type)])
                    .map { try $0.string("personal_number") }
            }
            var found: [String] = []
            for start in stride(from: 0, to: numbers.count, by: 500) {
                let part = numbers[start..<min(numbers.count, start + 500)]
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                found += try db.query(
                    "SELECT DISTINCT personal_number FROM exchange_linked_records WHERE type = ? AND personal_number IN (\(marks))",
                    [.text(type)] + part.map { .text($0) }
                ).map { try $0.string("personal_number") }
            }
            return found.sorted()
        }
    }

    static func encode(_ fields: [RecordType.Field]) throws -> String {
        let list = fields.map { ["name": $0.name, "kind": $0.kind.rawValue, "required": $0.required ? "yes" : "no"] }
        return String(decoding: try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys]), as: UTF8.self)
    }

    static func type(_ row: SQLRow) -> RecordType? {
        guard let code = row["code"].string, let vi = row["name_vi"].string, let en = row["name_en"].string, let text = row["fields"].string,
            let list = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: String]]
        else { return nil }
        let fields = list.compactMap { f -> RecordType.Field? in
            guard let name = f["name"], let kind = f["kind"].flatMap(RecordType.Field.Kind.init(rawValue:)) else { return nil }
            return RecordType.Field(name: name, kind: kind, required: f["required"] == "yes")
        }
        return try? RecordType(code: code, nameVietnamese: vi, nameEnglish: en, fields: fields)
    }

    static func record(_ row: SQLRow) -> Record? {
        guard let id = row["id"].int, let number = row["personal_number"].string, let type = row["type"].string, let data = row["data"].string,
            let member = row["member"].string, let subsystem = row["subsystem"].string, let basis = row["legal_basis"].string,
            let at = row["recorded_at"].int
        else { return nil }
        return Record(id: id, personalNumber: number, type: type, data: data, member: member, subsystem: subsystem, legalBasis: basis, recordedAt: at)
    }
}

/// A member's linked record, checked and granted, not yet written.
public struct PreparedLink: Sendable {
    let records: LinkedRecords
    public let number: String
    public let type: RecordType
    /// The checked data as JSON, keys sorted.
    public let data: String
    let caller: MemberCaller
    let legalBasis: String

    /// Writes it in the caller's transaction.
    public func write(in db: any SQLConnection) throws -> LinkedRecords.Record {
        try records.append(number: number, type: type.code, data: data, caller: caller, legalBasis: legalBasis, in: db)
    }
}
