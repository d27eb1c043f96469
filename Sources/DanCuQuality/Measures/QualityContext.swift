public import DanCuCore

/// What assessing a record needs beyond the record itself.
public struct QualityContext: Sendable {
    /// Viet Nam's civil date of the assessment.
    public var today: LocalDate
    public var reference: ReferenceData
    /// People with an open suspected-duplicate pair (the review queue).
    public var suspectedDuplicates: Set<PersonalNumber>
    /// People another agency reported dead (health, civil status) whose death the register has not matched.
    public var deathNotices: Set<PersonalNumber>
    /// The latest valid card the card office issued each person, where the record's own identity
    /// documents may not list it yet.
    public var issuedCards: [PersonalNumber: IssuedCard]

    /// A card as the measures need it: when it was issued, and until when it is valid (nil for life).
    public struct IssuedCard: Sendable, Hashable {
        public let issuedOn: LocalDate
        public let validUntil: LocalDate?

        public init(issuedOn: LocalDate, validUntil: LocalDate?) {
            self.issuedOn = issuedOn
            self.validUntil = validUntil
        }
    }

    public init(
        today: LocalDate, reference: ReferenceData, suspectedDuplicates: Set<PersonalNumber> = [], deathNotices: Set<PersonalNumber> = [],
        issuedCards: [PersonalNumber: IssuedCard] = [:]
    ) {
        self.today = today
        self.reference = reference
        self.suspectedDuplicates = suspectedDuplicates
        self.deathNotices = deathNotices
        self.issuedCards = issuedCards
    }

    /// The day the 2025 reform's unit list took effect; a residence registered from then on names a
    /// current ward.
    public static let reformDay = LocalDate(unchecked: 2025, 7, 1)
    /// The ages at which an identity card must be renewed (Identity Law 2023, Art. 21).
    public static let renewalAges = [14, 25, 40, 60]
    /// The age past which a living record is taken for a death nobody recorded.
    public static let implausibleAge = 120
}

/// One record's measures: the rules it breaks, and how complete it is.
public struct RecordQuality: Sendable, Hashable {
    public let findings: [QualityFinding]
    /// Required fields present over required fields, a date of birth known only in part counting half.
    public let completeness: Double

    public var brokenRules: UInt32 { findings.reduce(0) { $0 | $1.rule.bit } }

    public func keeps(_ dimension: QualityDimension) -> Bool { !findings.contains { $0.rule.dimension == dimension } }
}
