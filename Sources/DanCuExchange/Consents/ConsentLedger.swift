public import DanCuAccess
public import DanCuCore
public import DanCuStore
import Foundation

/// A citizen's consents to non-government members (Personal Data Protection Law 2025): which member may
/// read which of their fields, for which purpose, until when. The citizen gives and withdraws them
/// through eID; a member's request cites one by id. Withdrawn consents stay, marked, for the record.
public struct ConsentLedger: Sendable {
    let store: any Store
    let clock: CivilClock

    public init(store: any Store, clock: CivilClock) {
        self.store = store
        self.clock = clock
    }

    public struct Consent: Sendable, Equatable {
        public let id: String
        public let subject: String
        public let member: String
        public let fields: [String]
        public let purpose: Purpose
        public let givenAt: Int64
        public let validUntil: Int64
        public let withdrawnAt: Int64?
    }

    /// The longest a consent may last before the citizen is asked again.
    public static let longestDays = 365

    /// Records `subject`'s consent for `member` to read `fields` for `purpose`, for `days` days; returns its id.
    public func give(subject: PersonalNumber, member: String, fields: [String], purpose: Purpose, days: Int) async throws -> String {
        do { try ExchangeGrant.check(service: .personData, fields: fields) } catch { throw ExchangeError.invalid(error) }
        guard (1...Self.longestDays).contains(days) else {
            throw ExchangeError.invalid(RuleViolations([RuleViolation(field: "days", rule: "consent-days", detail: "is 1 to \(Self.longestDays)")]))
        }
        let id = "cst_" + ByteText.base64URL(Secrets.randomBytes(16))
        let now = clock.nowMicros()
        try await store.write { db in
            guard let row = try db.queryOne("SELECT kind, disabled_at FROM exchange_members WHERE code = ?", [.text(member)]) else {
                throw ExchangeError.unknownMember(member)
            }
            guard row["disabled_at"].isNull else { throw ExchangeError.memberDisabled(member) }
            try db.execute(
                "INSERT INTO exchange_consents (id, subject, member, fields, purpose, given_at, valid_until) VALUES (?,?,?,?,?,?,?)",
                [
                    .text(id), .text(subject.rawValue), .text(member), .text(fields.joined(separator: ",")), .text(purpose.rawValue), .int(now),
                    .int(now + Int64(days) * 86_400_000_000),
                ])
        }
        return id
    }

    /// Withdraws one of `subject`'s consents from now on; false when it is not theirs or was withdrawn already.
    @discardableResult
    public func withdraw(_ id: String, subject: PersonalNumber) async throws -> Bool {
        let now = clock.nowMicros()
        return try await store.write { db in
            guard
                try db.queryOne(
                    "SELECT 1 AS x FROM exchange_consents WHERE id = ? AND subject = ? AND withdrawn_at IS NULL", [.text(id), .text(subject.rawValue)])
                    != nil
            else { return false }
            try db.execute("UPDATE exchange_consents SET withdrawn_at = ? WHERE id = ?", [.int(now), .text(id)])
            return true
        }
    }

    /// A citizen's consents, newest first.
    public func consents(of subject: PersonalNumber) async throws -> [Consent] {
        try await store.read { db in
            try db.query("SELECT * FROM exchange_consents WHERE subject = ? ORDER BY given_at DESC, id", [.text(subject.rawValue)]).compactMap(Self.consent)
        }
    }

    /// Nil when consent `id` lets `member` read `fields` of `subject` for `purpose` now; else why not,
    /// in words that say nothing of other people's consents.
    func refusal(_ id: String?, subject: String, member: String, fields: [String], purpose: Purpose) async throws -> String? {
        guard let id else {
            return "a member system that is not a government body reads personal data only with the citizen's consent: cite it in DanCu-Consent"
        }
        let consent = try await store.readOne { db in try db.queryOne("SELECT * FROM exchange_consents WHERE id = ?", [.text(id)]) }.flatMap(Self.consent)
        guard let consent, consent.subject == subject, consent.member == member else {
            return "the consent \(id.prefix(40)) is not this person's consent to \(member)"
        }
        if consent.withdrawnAt != nil { return "the consent \(id) was withdrawn by the citizen" }
        if consent.validUntil <= clock.nowMicros() { return "the consent \(id) has expired" }
        if consent.purpose != purpose { return "the consent \(id) is for the purpose \(consent.purpose.rawValue)" }
        if let field = fields.first(where: { !consent.fields.contains($0) }) { return "the consent \(id) does not cover the field \(field)" }
        return nil
    }

    static func consent(_ row: SQLRow) -> Consent? {
        guard let id = row["id"].string, let subject = row["subject"].string, let member = row["member"].string,
            let fields = row["fields"].string, let purpose = row["purpose"].string.flatMap(Purpose.init(rawValue:)),
            let given = row["given_at"].int, let until = row["valid_until"].int
        else { return nil }
        return Consent(
            id: id, subject: subject, member: member, fields: fields.split(separator: ",").map(String.init), purpose: purpose, givenAt: given,
            validUntil: until, withdrawnAt: row["withdrawn_at"].int)
    }
}
