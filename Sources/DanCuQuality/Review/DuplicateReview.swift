public import DanCuAccess
public import DanCuCore
import DanCuRegister
public import DanCuStore
import Foundation

/// The review queue of suspected duplicates, for the officers who decide them: a province officer sees
/// the pairs whose two people both belong to the province, the central office every pair (those that
/// cross provinces are theirs alone). Each person shown is read through the gate and logged; a decision
/// is judged by the gate for both people before anything is told of the pair.
///
/// "Match" merges the two records (`Gate.merge`): one survives, the other's number is cancelled and
/// resolves to the survivor's; the pair's decision is written in the merge's own transaction. "Not a
/// match" closes the pair, so later scans do not raise it again. Every decision, and the undoing of a
/// merge, is kept in `quality_duplicate_decisions`; the matches teach the model's m (`DuplicateQueue`).
public struct DuplicateReview: Sendable {
    public let store: any Store
    public let gate: Gate
    public let now: @Sendable () -> Int64

    public init(store: any Store, gate: Gate, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.gate = gate
        self.now = now
    }

    /// What the queue shows of one person of a pair.
    public struct Record: Sendable, Equatable {
        public let personalNumber: PersonalNumber
        public let name: String
        public let dateOfBirth: PartialDate
        public let sex: Sex
        public let wardCode: String?
        public let vitalStatus: String
        public let version: Int
    }

    public struct Pair: Sendable, Equatable {
        public let first: Record
        public let second: Record
        public let probability: Double
        /// The evidence per field, strongest first, as the scan explained it.
        public let evidence: [PairEvidence]
        /// Microseconds since 1970 when the scan found the pair.
        public let foundAt: Int64
    }

    public enum Decision: Sendable, Equatable {
        /// One person: `survivor` (one of the two) keeps their record and number.
        case match(survivor: PersonalNumber)
        case notMatch
    }

    public struct Decided: Sendable, Equatable {
        /// The merge a match made; nil for "not a match".
        public let merge: Gate.Merge?

        public var status: String { merge == nil ? "not-match" : "match" }
    }

    static let shownFields = ["fullName", "dateOfBirth", "sex", "wardCode", "vitalStatus"]
    static let need: @Sendable (Area) -> AccessPolicy.Need = { .duplicateReview($0) }

    /// The open pairs the officer may decide, most probable first.
    public func queue(limit: Int = 50, for request: AccessRequest) async throws -> [Pair] {
        guard (1...200).contains(limit) else { throw QualityError.invalid(field: "limit", detail: "is from 1 to 200") }
        try await gate.permit(request, .duplicateQueue, action: "duplicate-queue")
        let province: String?
        switch request.officer.jurisdiction {
        case .nation: province = nil
        case .province(let code): province = code
        case .ward: return []  // refused by the role before this; a ward reviews nothing
        }
        let rows = try await store.read { db in
            try db.query(
                """
                SELECT person_a, person_b, probability, evidence, found_at FROM quality_duplicate_pairs
                WHERE status = 'open' \(province == nil ? "" : "AND province_a = ? AND province_b = ?")
                ORDER BY probability DESC, person_a, person_b LIMIT ?
                """, (province.map { [SQLValue.text($0), .text($0)] } ?? []) + [.int(Int64(limit))]
            ).map { row in
                (
                    try row.string("person_a"), try row.string("person_b"), try row.double("probability"), try row.string("evidence"),
                    try row.int("found_at")
                )
            }
        }
        let numbers = try rows.flatMap { [try PersonalNumber($0.0), try PersonalNumber($0.1)] }
        let read = try await gate.readMany(numbers, for: request, need: Self.need, action: "duplicate-review", fields: Self.shownFields)
        return rows.compactMap { a, b, probability, evidence, foundAt in
            guard let first = Self.record(read[a]), let second = Self.record(read[b]) else { return nil }
            return Pair(first: first, second: second, probability: probability, evidence: PairEvidence.decoded(evidence), foundAt: foundAt)
        }
    }

    static func record(_ read: Gate.ManyRead?) -> Record? {
        guard case .person(let p, let version) = read, p.mergedInto == nil else { return nil }
        return Record(
            personalNumber: p.personalNumber, name: p.name.fullName, dateOfBirth: p.dateOfBirth, sex: p.sex, wardCode: p.residenceWardCode,
            vitalStatus: p.vitalStatus.label, version: version)
    }

    /// Decides the open pair of `a` and `b` (in either order).
    public func decide(_ a: PersonalNumber, _ b: PersonalNumber, _ decision: Decision, reason: String, for request: AccessRequest) async throws -> Decided {
        guard a != b else { throw QualityError.invalid(field: "personB", detail: "is another person than personA") }
        let reason = try Self.checked(reason)
        let (first, second) = a.rawValue < b.rawValue ? (a, b) : (b, a)
        var grants: [AccessGrant] = []
        for number in [first, second] {
            grants.append(try await gate.grant(request, on: number, need: Self.need, action: "decide-duplicate", fields: Gate.mergeFieldNames))
        }
        let probability = try await store.read { db in
            try db.queryOne(
                "SELECT probability FROM quality_duplicate_pairs WHERE person_a = ? AND person_b = ? AND status = 'open'",
                [.text(first.rawValue), .text(second.rawValue)])?["probability"].double
        }
        guard let probability else { throw QualityError.noOpenPair }
        let officer = request.officer.username
        switch decision {
        case .notMatch:
            let at = now()
            try await store.write { db in
                try DecisionTable.close(
                    first.rawValue, second.rawValue, status: "not-match", survivor: nil, officer: officer, reason: reason, at: at,
                    probability: probability, in: db)
            }
            for grant in grants { try await grant.logRead() }
            return Decided(merge: nil)
        case .match(let survivor):
            guard survivor == first || survivor == second else {
                throw QualityError.invalid(field: "survivor", detail: "is one of the two people of the pair")
            }
            let duplicate = survivor == first ? second : first
            let recorder = DecisionTable.MatchRecorder(
                first: first.rawValue, second: second.rawValue, survivor: survivor.rawValue, officer: officer, reason: reason, at: now(),
                probability: probability)
            let merge = try await gate.merge(duplicate, into: survivor, reason: reason, need: Self.need, for: request, alongside: recorder)
            return Decided(merge: merge)
        }
    }

    /// Undoes the merge of `duplicate`, a cancelled number, into its survivor: a correction on both
    /// records; the pair is closed as not a match.
    public func undoMerge(_ duplicate: PersonalNumber, reason: String, for request: AccessRequest) async throws -> Gate.Merge {
        let reason = try Self.checked(reason)
        let recorder = DecisionTable.UndoRecorder(duplicate: duplicate.rawValue, officer: request.officer.username, reason: reason, at: now())
        return try await gate.undoMerge(duplicate, reason: reason, need: Self.need, for: request, alongside: recorder)
    }

    static func checked(_ reason: String) throws -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 500 else {
            throw QualityError.invalid(field: "reason", detail: "say why, in at most 500 characters")
        }
        return trimmed.nfc
    }
}
