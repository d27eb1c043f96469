public import DanCuCore

/// Who may hold which level (Decree 69/2024 Art. 7), as a pure function.
///
/// | holder | level 1 | level 2 |
/// |---|---|---|
/// | citizen ≥ 14 with a valid card | yes | yes |
/// | citizen 6–13 with a card | on request | on request |
/// | citizen < 6 with a card | on request | no |
/// | foreigner ≥ 6 with a residence card | on request | on request |
/// | foreigner < 6 with a residence card | on request | no |
/// | organisation | one account, no level | – |
///
/// "On request" accounts are made by an officer at the request of the holder or their legal
/// representative, never by self-registration.
public enum LevelRules {
    public enum Channel: Sendable {
        /// The holder registers online (level 1) or raises the level with the card's chip.
        case selfService
        /// An officer, in person, at the request of the holder or their representative.
        case officer
    }

    /// Nil when `kind` aged `age` (holding a valid card or residence card or not) may hold `level`
    /// through `channel`; else why not.
    public static func refusal(
        kind: AccountKind, age: Int, holdsValidCard: Bool, level: AssuranceLevel?,
        channel: Channel
    ) -> RuleViolation? {
        switch kind {
        case .organisation:
            return level == nil
                ? nil
                : RuleViolation(
                    field: "level", rule: "noLevelForOrganisations",
                    detail: "an organisation's account has no level")
        case .citizen, .foreigner:
            guard let level else {
                return RuleViolation(field: "level", rule: "levelRequired", detail: "a person's account is level 1 or level 2")
            }
            guard holdsValidCard else {
                return RuleViolation(
                    field: "card", rule: "validCardRequired",
                    detail: kind == .citizen
                        ? "an eID account needs a valid identity card" : "an eID account needs a valid residence card")
            }
            if level == .level2 && age < 6 {
                return RuleViolation(field: "level", rule: "underSix", detail: "level 2 is for holders aged 6 and over")
            }
            if channel == .selfService && (kind == .foreigner || age < 14) {
                return RuleViolation(
                    field: "channel", rule: "onRequest",
                    detail: "this account is made by an officer at the request of the holder or their representative")
            }
            return nil
        }
    }
}
