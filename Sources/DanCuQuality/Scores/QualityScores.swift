public import DanCuAccess
public import DanCuCore
import DanCuRegister
public import DanCuStore

/// Keeps every person's measures in `quality_scores`: a full recompute scans the register; after it,
/// the follower reads the register's announcements of life events and measures again just the people
/// they name, so a birth, a move or a death changes its person's scores within a second of its commit.
public struct QualityScores: Sendable {
    public let store: any Store
    public let gate: Gate
    public let reference: ReferenceData
    public let today: @Sendable () -> LocalDate
    public let now: @Sendable () -> Int64
    /// The people other agencies reported dead (the exchange's death notices), among the numbers given
    /// (everyone for nil), read for `request`; nil where the installation has no exchange.
    public private(set) var deathNotices: (@Sendable (AccessRequest, [PersonalNumber]?) async throws -> Set<PersonalNumber>)?
    /// The active card of each of the people given, as the card office issued it, read for `request`;
    /// nil where the installation has no card office.
    public private(set) var issuedCards: (@Sendable (AccessRequest, [PersonalNumber]) async throws -> [PersonalNumber: QualityContext.IssuedCard])?
    static let follower = "register"

    public init(store: any Store, gate: Gate, reference: ReferenceData, today: @escaping @Sendable () -> LocalDate, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.gate = gate
        self.reference = reference
        self.today = today
        self.now = now
    }

    public func migrate() async throws {
        try await Migrator.migrate(store, QualitySchema.migrations)
    }

    /// The same scores, measuring against the death notices `notices` gives (the sống rule
    /// `death-recorded`). A notice counts from the next measure of its person.
    public func reading(
        deathNotices notices: @escaping @Sendable (AccessRequest, [PersonalNumber]?) async throws -> Set<PersonalNumber>
    ) -> QualityScores {
        var copy = self
        copy.deathNotices = notices
        return copy
    }

    /// The same scores, measuring the cards the card office issued as well as those the record lists
    /// (the sống rule `card-current`).
    public func reading(
        issuedCards cards: @escaping @Sendable (AccessRequest, [PersonalNumber]) async throws -> [PersonalNumber: QualityContext.IssuedCard]
    ) -> QualityScores {
        var copy = self
        copy.issuedCards = cards
        return copy
    }

    func context(for request: AccessRequest, among numbers: [PersonalNumber]? = nil) async throws -> QualityContext {
        QualityContext(
            today: today(), reference: reference, suspectedDuplicates: try await DuplicateQueue.suspectedPeople(store),
            deathNotices: try await deathNotices?(request, numbers) ?? [])
    }

    /// The request the quality work runs as.
    public static func system(_ job: String = "quality") -> AccessRequest {
        AccessRequest(officer: .system(job), purpose: .dataQuality, requestId: "quality-" + job)
    }

    /// Measures everyone, page by page, and stores the scores. The follower then goes on from where the
    /// announcements stood when the scan began (people changed during the scan are measured again).
    /// `progress` gets the number measured so far.
    public func recomputeAll(
        for request: AccessRequest = Self.system(), page: Int = 10_000, progress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        let start = try await gate.latestAnnouncement(for: request)
        let context = try await context(for: request)
        var after: String?
        var done = 0
        while true {
            let people = try await gate.qualityScan(after: after, limit: page, for: request)
            guard let last = people.last else { break }
            var context = context
            context.issuedCards = try await issuedCards?(request, people.map(\.personalNumber)) ?? [:]
            let rows = people.filter { $0.mergedInto == nil }.map { row($0, QualityAssessment.assess($0, context)) }
            let low = after ?? ""
            let high = last.personalNumber.rawValue
            try await store.write { db in
                try db.execute("DELETE FROM quality_scores WHERE personal_number > ? AND personal_number <= ?", [.text(low), .text(high)])
                try db.bulkInsert(table: "quality_scores", columns: Self.columns, rows: rows)
            }
            done += people.count
            after = high
            progress(done)
        }
        try await store.write { db in try Self.setPosition(start, db) }
        return done
    }

    /// Measures again the people of the announcements after the follower's position, up to `batch` of
    /// them, and moves the position, in one transaction. Nothing before the first full recompute.
    /// Returns how many announcements it took.
    @discardableResult
    public func catchUp(for request: AccessRequest = Self.system(), batch: Int = 1_000) async throws -> Int {
        let position = try await store.readOne { db in
            try db.queryOne("SELECT position FROM quality_follow WHERE name = ?", [.text(Self.follower)])?["position"].int
        }
        guard let position else { return 0 }
        let events = try await gate.announcedEvents(after: position, limit: batch, for: request)
        guard let last = events.last?.position else { return 0 }
        var seen = Set<String>()
        let numbers = events.compactMap { seen.insert($0.personalNumber).inserted ? try? PersonalNumber($0.personalNumber) : nil }
        try await remeasure(numbers, for: request, position: last)
        return events.count
    }

    /// Measures `numbers` again and stores their scores (and the follower's new position, if given) in
    /// one transaction: after a life event, or after the review queue changed who is suspected.
    public func remeasure(_ numbers: [PersonalNumber], for request: AccessRequest = Self.system(), position: Int64? = nil) async throws {
        if position == nil {
            // Before the first full recompute there are no scores to keep up to date.
            let measured = try await store.readOne { db in try db.queryOne("SELECT position FROM quality_follow WHERE name = ?", [.text(Self.follower)]) }
            guard measured != nil else { return }
        }
        let people = numbers.isEmpty ? [] : try await gate.qualityRead(numbers, for: request)
        var context = try await context(for: request, among: numbers)
        if !numbers.isEmpty { context.issuedCards = try await issuedCards?(request, numbers) ?? [:] }
        // A merged duplicate is no one to measure: its scores go, and none come back.
        let rows = people.filter { $0.mergedInto == nil }.map { row($0, QualityAssessment.assess($0, context)) }
        let changed = people.map { SQLValue.text($0.personalNumber.rawValue) }
        try await store.write { db in
            for chunk in stride(from: 0, to: changed.count, by: 500) {
                let part = Array(changed[chunk..<min(changed.count, chunk + 500)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                try db.execute("DELETE FROM quality_scores WHERE personal_number IN (\(marks))", part)
            }
            if !rows.isEmpty { try db.bulkInsert(table: "quality_scores", columns: Self.columns, rows: rows) }
            if let position { try Self.setPosition(position, db) }
        }
    }

    /// The stored scores added up: the nation, each province, each ward (current codes; people with no
    /// current residence under the province and ward "").
    /// With `province`, only that province's rows are read (the nation's tally is then the province's).
    public func figures(province: String? = nil) async throws -> QualityFigures {
        let rows = try await store.readOne { db in
            try db.query(
                """
                SELECT province_code, ward_code, broken_rules, COUNT(*) AS n, SUM(completeness) AS c FROM quality_scores
                \(province == nil ? "" : "WHERE province_code = ?") GROUP BY province_code, ward_code, broken_rules
                """, province.map { [.text($0)] } ?? []
            ).map {
                (
                    try $0.string("province_code"), try $0.string("ward_code"), UInt32(truncatingIfNeeded: try $0.int("broken_rules")), Int(try $0.int("n")),
                    $0["c"].double ?? 0
                )
            }
        }
        var figures = QualityFigures()
        for (province, ward, broken, n, sum) in rows {
            figures.nation.add(brokenRules: broken, records: n, completenessSum: sum)
            figures.provinces[province, default: QualityTally()].add(brokenRules: broken, records: n, completenessSum: sum)
            if !ward.isEmpty { figures.wards[ward, default: QualityTally()].add(brokenRules: broken, records: n, completenessSum: sum) }
        }
        return figures
    }

    static let columns = ["personal_number", "province_code", "ward_code", "broken_rules", "completeness", "measured_at"]

    func row(_ person: Person, _ quality: RecordQuality) -> [SQLValue] {
        let place = person.currentResidence ?? person.temporaryResidence?.place ?? person.permanentResidence?.place
        let current = place?.unitList == .current
        return [
            .text(person.personalNumber.rawValue), .text(current ? place?.provinceCode ?? "" : ""), .text(current ? place?.wardCode ?? "" : ""),
            .int(Int64(quality.brokenRules)), .double(quality.completeness), .int(now()),
        ]
    }

    static func setPosition(_ position: Int64, _ db: any SQLConnection) throws {
        try db.execute(
            "INSERT INTO quality_follow (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
            [.text(follower), .int(position)])
    }
}

/// The measures of the nation, its provinces and its wards.
public struct QualityFigures: Sendable, Equatable {
    public var nation = QualityTally()
    public var provinces: [String: QualityTally] = [:]
    public var wards: [String: QualityTally] = [:]

    public init() {}
}
