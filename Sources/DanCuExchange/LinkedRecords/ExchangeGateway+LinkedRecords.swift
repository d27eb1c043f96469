public import DanCuAccess
public import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

/// Members write their own data about people (bổ sung, làm giàu dữ liệu) keyed by personal number, and
/// read other members' by grant; the citizen reads all of theirs in `/me` as their integrated documents.
extension ExchangeGateway {
    /// Appends a linked record of `type` about `number` with its provenance; the person must be in the
    /// register, the data must fit the type, and the member needs a grant of `linked-records-write`.
    public func link(_ number: PersonalNumber, type code: String, data: [String: Any], for caller: MemberCaller) async throws -> LinkedRecords.Record {
        let prepared = try await prepareLink(number, type: code, data: data, for: caller)
        return try await grants.store.write { db in try prepared.write(in: db) }
    }

    /// A linked record checked against its type and granted (the change logged), to be written in the
    /// caller's own transaction: a public-service step decided by the member stores its record with the
    /// step's approval, both or neither.
    public func prepareLink(_ number: PersonalNumber, type code: String, data: [String: Any], for caller: MemberCaller) async throws -> PreparedLink {
        guard let type = try await linkedRecords.type(code) else {
            throw ExchangeRefusal.badRequest(field: "type", detail: "'\(code.prefix(48))' is not a record type of the catalogue")
        }
        let checked: [String: Any]
        do { checked = try type.check(data) } catch { throw ExchangeError.invalid(error) }
        let grant = try await allow(caller, service: .linkedRecordsWrite, fields: [code], subject: number, action: "x-link-record")
        _ = try await grant.person(number)  // 404 for a number the register lacks
        try await grant.logChange()
        let json = String(decoding: try JSONSerialization.data(withJSONObject: checked, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        return PreparedLink(
            records: linkedRecords, number: number.rawValue, type: type, data: json, caller: caller,
            legalBasis: grant.request.legalBasis ?? caller.legalBasis)
    }

    /// The people a member reported dead (a `death-notice` linked record), among `numbers` (everyone
    /// for nil), for the system's quality measures (`system:quality`, purpose `data-quality`): each
    /// person found is an access-log entry.
    public func deathNotices(among numbers: [PersonalNumber]?, for request: AccessRequest) async throws -> Set<PersonalNumber> {
        let grant = try await gate.grant(request, Gate.qualityNeed, subject: nil, action: "quality-death-notices", fields: [RecordType.deathNotice])
        let numbers = try await linkedRecords.numbers(withType: RecordType.deathNotice, among: numbers?.map(\.rawValue))
        try await grant.logAccess(of: numbers)
        return Set(numbers.compactMap { try? PersonalNumber($0) })
    }

    /// Members' linked records of `types` about `number`, as the caller's grant of `linked-records` allows.
    public func linkedRecords(of number: PersonalNumber, types: [String], for caller: MemberCaller) async throws -> [LinkedRecords.Record] {
        guard !types.isEmpty else { throw ExchangeRefusal.badRequest(field: "types", detail: "name the record types to read, comma-separated") }
        let grant = try await allow(caller, service: .linkedRecords, fields: types, subject: number, action: "x-read-linked-records")
        let records = try await linkedRecords.records(of: number.rawValue, types: types)
        try await grant.logRead()
        return records
    }

    /// The citizen's own linked records, every member's, as self-service.
    public func ownLinkedRecords(for request: AccessRequest) async throws -> [LinkedRecords.Record] {
        try await gate.recordOwnAccess("self-read-linked-records", fields: ["linkedRecords"], for: request)
        return try await linkedRecords.records(of: request.officer.username, types: nil)
    }
}
