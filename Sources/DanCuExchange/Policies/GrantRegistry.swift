public import DanCuAccess
public import DanCuCore
public import DanCuStore
import Foundation

/// The legal documents and the grants resting on them. Administrators change them; every change is
/// recorded in `exchange_changes` in its own transaction, for auditors. A request's grants are read
/// afresh each time, so a revocation stops the next request.
public struct GrantRegistry: Sendable {
    public let store: any Store
    let clock: CivilClock
    let units: AdministrativeUnits

    public init(store: any Store, clock: CivilClock, units: AdministrativeUnits) {
        self.store = store
        self.clock = clock
        self.units = units
    }

    public func add(_ document: LegalDocument, by actor: String) async throws {
        let now = clock.nowMicros()
        do {
            try await store.write { db in
                guard try db.queryOne("SELECT 1 AS x FROM exchange_legal_documents WHERE code = ?", [.text(document.code)]) == nil else {
                    throw ExchangeError.legalDocumentExists(document.code)
                }
                try db.execute(
                    "INSERT INTO exchange_legal_documents (code, title, article, valid_from, valid_to, added_at, added_by) VALUES (?,?,?,?,?,?,?)",
                    [
                        .text(document.code), .text(document.title), SQLValue(document.article), .text(document.validFrom.description),
                        SQLValue(document.validTo?.description), .int(now), .text(actor),
                    ])
                try MemberRegistry.record(
                    db, at: now, actor: actor, action: "legal-document-add", subject: document.code,
                    detail: "\(document.citation), \(document.validFrom)…\(document.validTo?.description ?? "")")
            }
        } catch StoreError.uniqueViolation {
            throw ExchangeError.legalDocumentExists(document.code)
        }
    }

    /// Sets the last day a document is in force (it was repealed or replaced): its grants stop the day after.
    public func end(document code: String, on last: LocalDate, by actor: String) async throws {
        let now = clock.nowMicros()
        try await store.write { db in
            guard let row = try db.queryOne("SELECT valid_from FROM exchange_legal_documents WHERE code = ?", [.text(code)]) else {
                throw ExchangeError.unknownLegalDocument(code)
            }
            if let from = try? LocalDate(iso: try row.string("valid_from")), last < from {
                throw ExchangeError.invalid(
                    RuleViolations([RuleViolation(field: "validTo", rule: "legal-validity", detail: "ends before it starts (\(from))")]))
            }
            try db.execute("UPDATE exchange_legal_documents SET valid_to = ? WHERE code = ?", [.text(last.description), .text(code)])
            try MemberRegistry.record(db, at: now, actor: actor, action: "legal-document-end", subject: code, detail: "in force until \(last)")
        }
    }

    public func documents() async throws -> [LegalDocument] {
        try await store.read { db in try db.query("SELECT * FROM exchange_legal_documents ORDER BY code").map(Self.document) }
    }

    /// Grants `service` to `subsystem` for `fields`, `purpose` and the document `legalBasis`; returns the grant's id.
    @discardableResult
    public func grant(
        _ subsystem: Subsystem, service: ExchangeService, fields: [String], purpose: Purpose, legalBasis: String,
        provinceCode: String? = nil, by actor: String
    ) async throws -> Int64 {
        do { try ExchangeGrant.check(service: service, fields: fields) } catch { throw ExchangeError.invalid(error) }
        if let provinceCode, units.province(provinceCode) == nil {
            throw ExchangeError.invalid(
                RuleViolations([RuleViolation(field: "provinceCode", rule: "province", detail: "'\(provinceCode.prefix(8))' is not a province's code")]))
        }
        let now = clock.nowMicros()
        return try await store.write { db in
            try MemberRegistry.requireActive(member: subsystem.member, db)
            guard
                try db.queryOne(
                    "SELECT 1 AS x FROM exchange_subsystems WHERE member = ? AND code = ? AND disabled_at IS NULL",
                    [.text(subsystem.member), .text(subsystem.code)]) != nil
            else { throw ExchangeError.unknownSubsystem(subsystem.identifier) }
            guard try db.queryOne("SELECT 1 AS x FROM exchange_legal_documents WHERE code = ?", [.text(legalBasis)]) != nil else {
                throw ExchangeError.unknownLegalDocument(legalBasis)
            }
            if service.grantsRecordTypes {
                for (i, type) in fields.enumerated() where try db.queryOne("SELECT 1 AS x FROM exchange_record_types WHERE code = ?", [.text(type)]) == nil {
                    throw ExchangeError.invalid(
                        RuleViolations([
                            RuleViolation(field: "fields[\(i)]", rule: "record-type", detail: "'\(type.prefix(48))' is not a record type of the catalogue")
                        ]))
                }
            }
            let row = try db.queryOne(
                """
                INSERT INTO exchange_grants (member, subsystem, service, fields, purpose, legal_basis, province_code, added_at, added_by)
                VALUES (?,?,?,?,?,?,?,?,?) RETURNING id
                """,
                [
                    .text(subsystem.member), .text(subsystem.code), .text(service.rawValue), .text(fields.joined(separator: ",")),
                    .text(purpose.rawValue), .text(legalBasis), SQLValue(provinceCode), .int(now), .text(actor),
                ])
            guard let id = row?["id"].int else { throw StoreError.backend("the grant was not given an id") }
            try MemberRegistry.record(
                db, at: now, actor: actor, action: "grant-add", subject: subsystem.identifier,
                detail: "#\(id) \(service.rawValue) [\(fields.joined(separator: ","))] for \(purpose.rawValue) under \(legalBasis)"
                    + (provinceCode.map { " in province \($0)" } ?? ""))
            return id
        }
    }

    public func revoke(grant id: Int64, by actor: String) async throws {
        let now = clock.nowMicros()
        try await store.write { db in
            guard let row = try db.queryOne("SELECT member, subsystem, revoked_at FROM exchange_grants WHERE id = ?", [.int(id)]) else {
                throw ExchangeError.unknownGrant(id)
            }
            guard row["revoked_at"].isNull else { throw ExchangeError.grantRevoked(id) }
            try db.execute("UPDATE exchange_grants SET revoked_at = ?, revoked_by = ? WHERE id = ?", [.int(now), .text(actor), .int(id)])
            try MemberRegistry.record(
                db, at: now, actor: actor, action: "grant-revoke", subject: "\(try row.string("member"))/\(try row.string("subsystem"))",
                detail: "#\(id)")
        }
    }

    /// The live grants of a subsystem and the documents they cite: what `ExchangePolicy` judges a request by.
    /// A subsystem's live grants and the legal documents they cite, by code.
    public typealias Policy = (grants: [ExchangeGrant], documents: [String: LegalDocument])

    public func policy(of subsystem: Subsystem) async throws -> Policy {
        try await store.read { db in
            let grants = try db.query(
                "SELECT * FROM exchange_grants WHERE member = ? AND subsystem = ? AND revoked_at IS NULL ORDER BY id",
                [.text(subsystem.member), .text(subsystem.code)]
            ).compactMap(Self.grant)
            var documents: [String: LegalDocument] = [:]
            for code in Set(grants.map(\.legalBasis)) {
                if let row = try db.queryOne("SELECT * FROM exchange_legal_documents WHERE code = ?", [.text(code)]) {
                    documents[code] = try Self.document(row)
                }
            }
            return (grants, documents)
        }
    }

    /// Every grant, live or revoked, oldest first: for administrators and auditors.
    public func grants() async throws -> [(grant: ExchangeGrant, revokedAt: Int64?)] {
        try await store.read { db in
            try db.query("SELECT * FROM exchange_grants ORDER BY id").compactMap { row in Self.grant(row).map { ($0, row["revoked_at"].int) } }
        }
    }

    static func grant(_ row: SQLRow) -> ExchangeGrant? {
        guard let id = row["id"].int, let member = row["member"].string, let code = row["subsystem"].string,
            let subsystem = try? Subsystem(member: member, code: code),
            let service = row["service"].string.flatMap(ExchangeService.init(rawValue:)),
            let purpose = row["purpose"].string.flatMap(Purpose.init(rawValue:)), let basis = row["legal_basis"].string,
            let fields = row["fields"].string
        else { return nil }
        return ExchangeGrant(
            id: id, subsystem: subsystem, service: service, fields: fields.split(separator: ",").map(String.init), purpose: purpose,
            legalBasis: basis, provinceCode: row["province_code"].string)
    }

    static func document(_ row: SQLRow) throws -> LegalDocument {
        try LegalDocument(
            code: try row.string("code"), title: try row.string("title"), article: row["article"].string,
            validFrom: try LocalDate(iso: try row.string("valid_from")), validTo: try row["valid_to"].string.map { try LocalDate(iso: $0) })
    }
}
