import DanCuCore
import DanCuEID
import Testing

@Suite struct LevelRulesTests {
    static func allowed(_ kind: AccountKind, _ age: Int, card: Bool = true, _ level: AssuranceLevel?, _ channel: LevelRules.Channel) -> Bool {
        LevelRules.refusal(kind: kind, age: age, holdsValidCard: card, level: level, channel: channel) == nil
    }

    /// Decree 69/2024 Art. 7, row by row.
    @Test func theTableOfArticle7() {
        #expect(Self.allowed(.citizen, 14, .level1, .selfService) && Self.allowed(.citizen, 14, .level2, .selfService))
        #expect(!Self.allowed(.citizen, 14, card: false, .level1, .selfService))
        #expect(!Self.allowed(.citizen, 13, .level1, .selfService) && Self.allowed(.citizen, 13, .level1, .officer))
        #expect(Self.allowed(.citizen, 6, .level2, .officer))
        #expect(Self.allowed(.citizen, 5, .level1, .officer) && !Self.allowed(.citizen, 5, .level2, .officer))
        #expect(Self.allowed(.foreigner, 30, .level2, .officer) && !Self.allowed(.foreigner, 30, .level1, .selfService))
        #expect(Self.allowed(.foreigner, 4, .level1, .officer) && !Self.allowed(.foreigner, 4, .level2, .officer))
        #expect(Self.allowed(.organisation, 0, card: false, nil, .officer) && !Self.allowed(.organisation, 0, .level1, .officer))
        #expect(!Self.allowed(.citizen, 30, nil, .officer))
    }
}
