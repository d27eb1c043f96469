public import DanCuAccess
public import DanCuCore
import DanCuRegister
public import DanCuStore
import Foundation

/// The register's suspected duplicates: a linkage run over every person, whose pairs at or above the
/// threshold wait in `quality_duplicate_pairs` for a province officer's decision. A pair already
/// decided keeps its decision when a later run finds it again.
///
/// The register cannot teach m the way an agency's file does: no two of its records share a personal
/// number (the number is what a duplicate gets anew). So m is counted on labelled pairs, those of a
/// generated file whose truth is known (and, later, officers' decisions), and u and the prior are
/// learnt from the register itself. The personal number is left out of the comparison, and a pair the
/// register itself links as relatives (parent, child, spouse) is never suspected.
public struct DuplicateQueue: Sendable {
    public let store: any Store
    public let gate: Gate
    public let reference: ReferenceData
    public let now: @Sendable () -> Int64

    public init(store: any Store, gate: Gate, reference: ReferenceData, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.gate = gate
        self.reference = reference
        self.now = now
    }

    public struct Scan: Sendable, Equatable {
        public let people: Int
        public let compared: Int
        public let suspected: Int
        /// Open pairs after the run (suspected pairs not decided before).
        public let open: Int
        /// The officers' matches the model's m learnt from.
        public let decidedMatches: Int
    }

    /// The register's threshold: stricter than an agency file's 0.9, because no personal number can
    /// confirm a pair. On a register-like file (1 % of people entered twice, no numbers) it gave the best
    /// F1 (precision 0.985, recall 0.917; at 0.9, precision 0.922): `bench/register-duplicates.sh`.
    public static let registerThreshold = 0.99

    /// Runs linkage over the whole register and replaces the open pairs with what it finds.
    public func scan(
        for request: AccessRequest = QualityScores.system("duplicates"), threshold: Double = Self.registerThreshold, page: Int = 10_000
    ) async throws -> Scan {
        var people: [LinkageRecord] = []
        var places: [String] = []
        var relatives: Set<String> = []
        var cancelled: [String: LinkageRecord] = [:]
        var after: String?
        while true {
            let batch = try await gate.qualityScan(after: after, limit: page, for: request)
            guard let last = batch.last else { break }
            for person in batch {
                guard person.mergedInto == nil else {
                    cancelled[person.personalNumber.rawValue] = Self.linkageRecord(person)
                    continue
                }
                let record = Self.linkageRecord(person)
                people.append(record)
                places.append(record.provinceCode ?? "")
                let linked = [person.father, person.mother, person.spouse].compactMap { $0?.personalNumber } + person.children.compactMap(\.personalNumber)
                for other in linked { relatives.insert(Self.key(person.personalNumber.rawValue, other.rawValue)) }
            }
            after = last.personalNumber.rawValue
        }
        let byNumber = Dictionary(people.map { ($0.recordId, $0) }, uniquingKeysWith: { a, _ in a })
        let decided = try await store.read { db in try DecisionTable.matches(in: db) }
        let matches = decided.compactMap { pair -> (LinkageRecord, LinkageRecord)? in
            guard let survivor = byNumber[pair.survivor], let duplicate = cancelled[pair.duplicate] else { return nil }
            return (survivor, duplicate)
        }
        let m = try Self.labelledM(reference: reference, decidedMatches: matches)
        let result = Deduplication(threshold: threshold, knownM: m).run(people)
        let found = now()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rows: [[SQLValue]] = try result.pairs.compactMap { pair in
            let a = people[pair.a].recordId
            let b = people[pair.b].recordId
            guard !relatives.contains(Self.key(a, b)) else { return nil }
            let (first, second, pa, pb) = a < b ? (a, b, places[pair.a], places[pair.b]) : (b, a, places[pair.b], places[pair.a])
            let evidence = String(decoding: try encoder.encode(pair.explanation.evidence.map(PairEvidence.init)), as: UTF8.self)
            return [
                .text(first), .text(second), .double(pair.probability), .double(pair.weight), .text(evidence), .text(pa), .text(pb), .text("open"),
                .int(found),
            ]
        }
        let open = try await store.write { db in
            try db.execute("DELETE FROM quality_duplicate_pairs WHERE status = 'open'")
            for row in rows {
                try db.execute(
                    """
                    INSERT INTO quality_duplicate_pairs (person_a, person_b, probability, weight, evidence, province_a, province_b, status, found_at)
                    VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (person_a, person_b) DO NOTHING
                    """, row)
            }
            return try db.queryOne("SELECT COUNT(*) AS n FROM quality_duplicate_pairs WHERE status = 'open'")?["n"].int ?? 0
        }
        return Scan(people: people.count, compared: result.candidateCount, suspected: rows.count, open: Int(open), decidedMatches: matches.count)
    }

    /// m counted on labelled pairs: the true pairs of a generated file of 20,000 records (seed 1, one
    /// person in five with another record), and the officers' matches.
    public static func labelledM(reference: ReferenceData, decidedMatches: [(LinkageRecord, LinkageRecord)] = []) throws -> [[Double]] {
        var generator = LinkageTestData(seed: 1, reference: reference, duplicateRate: 0.2)
        return ModelTraining.labelled(try generator.rows(count: 20_000), decidedMatches: decidedMatches)
    }

    /// A person as linkage compares them: where they live now, in current units only.
    static func linkageRecord(_ person: Person) -> LinkageRecord {
        let place = person.currentResidence ?? person.temporaryResidence?.place ?? person.permanentResidence?.place
        let current = place?.unitList == .current
        return LinkageRecord(
            recordId: person.personalNumber.rawValue, fullName: person.name.fullName, sex: person.sex, dateOfBirth: person.dateOfBirth,
            provinceCode: current ? place?.provinceCode : nil, wardCode: current ? place?.wardCode : nil)
    }

    /// The people in an open pair: each is a suspected duplicate until an officer decides.
    public func suspectedPeople() async throws -> Set<PersonalNumber> {
        try await Self.suspectedPeople(store)
    }

    static func suspectedPeople(_ store: any Store) async throws -> Set<PersonalNumber> {
        let rows = try await store.readOne { db in
            try db.query("SELECT person_a, person_b FROM quality_duplicate_pairs WHERE status = 'open'").map {
                [try $0.string("person_a"), try $0.string("person_b")]
            }
        }
        return Set(rows.joined().compactMap { try? PersonalNumber($0) })
    }

    /// Open pairs by the province of their first person ("" for people with no current residence).
    public func openByProvince() async throws -> [String: Int] {
        try await store.readOne { db in
            Dictionary(
                uniqueKeysWithValues: try db.query(
                    "SELECT province_a, COUNT(*) AS n FROM quality_duplicate_pairs WHERE status = 'open' GROUP BY province_a"
                ).map { (try $0.string("province_a"), Int(try $0.int("n"))) })
        }
    }

    static func key(_ a: String, _ b: String) -> String { a < b ? a + "/" + b : b + "/" + a }
}

/// A pair's evidence as the queue keeps it: the field by name, its level, the weight it added, and the
/// words (English and Vietnamese) an officer reads.
public struct PairEvidence: Codable, Sendable, Equatable {
    public let field: String
    public let level: Int
    public let weight: Double
    public let english: String
    public let vietnamese: String

    /// The evidence of a stored pair; none when the stored text does not read.
    static func decoded(_ json: String) -> [PairEvidence] {
        (try? JSONDecoder().decode([PairEvidence].self, from: Data(json.utf8))) ?? []
    }

    init(_ e: Evidence) {
        field = String(describing: e.field)
        level = e.level
        weight = (e.weight * 1_000).rounded() / 1_000
        english = e.english
        vietnamese = e.vietnamese
    }
}
