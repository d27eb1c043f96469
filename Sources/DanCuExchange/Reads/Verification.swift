public import DanCuCore

/// What a member asks to verify: a personal number and any of the fields it holds about the person.
public struct VerifyQuestion: Sendable {
    public let personalNumber: PersonalNumber
    public var name: String?
    public var dateOfBirth: PartialDate?
    public var sex: Sex?
    public var legacyIdNumber: String?
    public var cardNumber: String?

    public init(
        personalNumber: PersonalNumber, name: String? = nil, dateOfBirth: PartialDate? = nil, sex: Sex? = nil, legacyIdNumber: String? = nil,
        cardNumber: String? = nil
    ) {
        self.personalNumber = personalNumber
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.legacyIdNumber = legacyIdNumber
        self.cardNumber = cardNumber
    }

    /// The fields the question compares, as grants name them; `vitalStatus` is always told.
    public var fields: [String] {
        [
            name.map { _ in "name" }, dateOfBirth.map { _ in "dateOfBirth" }, sex.map { _ in "sex" }, legacyIdNumber.map { _ in "legacyIdNumber" },
            cardNumber.map { _ in "cardNumber" },
        ].compactMap { $0 } + ["vitalStatus"]
    }
}

/// The answer: for each field asked, whether it matches, and whether the person is alive. Nothing else
/// of the record, not even which part of a field differs.
public struct VerifyAnswer: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case match
        case noMatch = "no-match"
        /// The dates agree as far as the register knows it (it holds only a year, or a month and year).
        case partialMatch = "partial-match"
    }

    /// Whether the register has the personal number at all.
    public let personalNumber: Outcome
    /// By field name, for the fields asked.
    public let fields: [String: Outcome]
    /// Nil when the number is not in the register.
    public let alive: Bool?

    public init(personalNumber: Outcome, fields: [String: Outcome], alive: Bool?) {
        self.personalNumber = personalNumber
        self.fields = fields
        self.alive = alive
    }

    /// Every field asked, and the number, matched.
    public var matches: Bool { personalNumber == .match && fields.values.allSatisfy { $0 == .match } }
}

/// The comparisons, pure. Names fold diacritics, case and spacing as the register's search does
/// (Nguyễn = Nguyen = NGUYỄN); the other fields compare exactly, as the law keeps them.
public enum Verification {
    public static func answer(_ question: VerifyQuestion, person: Person?) -> VerifyAnswer {
        let asked = question.fields.filter { $0 != "vitalStatus" }
        guard let person else {
            return VerifyAnswer(personalNumber: .noMatch, fields: Dictionary(uniqueKeysWithValues: asked.map { ($0, .noMatch) }), alive: nil)
        }
        var fields: [String: VerifyAnswer.Outcome] = [:]
        if let name = question.name { fields["name"] = VietnameseName.fold(name) == person.name.folded ? .match : .noMatch }
        if let date = question.dateOfBirth { fields["dateOfBirth"] = compare(date, registered: person.dateOfBirth) }
        if let sex = question.sex { fields["sex"] = sex == person.sex ? .match : .noMatch }
        if let legacy = question.legacyIdNumber { fields["legacyIdNumber"] = legacy == person.legacyIdNumber ? .match : .noMatch }
        if let card = question.cardNumber {
            let cards = person.identityDocuments.filter { [.cccd, .identityCard, .identityCertificate].contains($0.kind) }.map(\.number)
            fields["cardNumber"] = cards.contains(card) ? .match : .noMatch
        }
        let alive: Bool
        if case .alive = person.vitalStatus { alive = true } else { alive = false }
        return VerifyAnswer(personalNumber: .match, fields: fields, alive: alive)
    }

    /// A date asked to the day matches a date the register holds to the day; a date asked only to the
    /// year (or month) matches when the register agrees that far; a date asked more precisely than the
    /// register knows it is a partial match when it agrees as far as the register goes.
    static func compare(_ asked: PartialDate, registered: PartialDate) -> VerifyAnswer.Outcome {
        guard asked.year == registered.year else { return .noMatch }
        switch (asked.month, registered.month) {
        case (nil, _): return .match
        case (.some, nil): return .partialMatch
        case (.some(let a), .some(let r)) where a != r: return .noMatch
        default: break
        }
        switch (asked.day, registered.day) {
        case (nil, _): return .match
        case (.some, nil): return .partialMatch
        case (.some(let a), .some(let r)): return a == r ? .match : .noMatch
        }
    }
}
