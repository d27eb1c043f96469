import Foundation

/// Scores pairs with a model, adjusting agreement on a name by how common the name is: two records
/// that share "Nguyễn" (38 % of the country) have shown less than two that share a rare family name.
struct PairScoring: Sendable {
    let model: LinkageModel
    let records: PreparedRecords
    /// The weights of every field and level without term frequencies, looked up per pair.
    private let table: [[Double]]

    init(model: LinkageModel, records: PreparedRecords) {
        self.model = model
        self.records = records
        table = LinkageField.allCases.map { f in (0..<f.levelCount).map { model.weight(f, level: $0) } }
    }

    func weight(_ a: Int, _ b: Int, _ vector: ComparisonVector) -> Double {
        var w = model.priorWeight
        let siblings = Self.siblingsPattern(vector)
        for f in LinkageField.allCases {
            let level = vector[f]
            guard level > 0 else { continue }
            var add = table[f.rawValue][level]
            if let frequency = frequency(f, level, a) { add = log2(model.m[f.rawValue][level] / frequency) }
            if siblings && Self.householdFields.contains(f) { add = min(0, add) }
            w += add
        }
        return w
    }

    /// Brothers and sisters (twins too) share the family name, often the middle name, and their home,
    /// and differ in the given name. When two records show that pattern, those shared fields are what a
    /// household shares, not evidence of one person, and add nothing; the date of birth, sex and
    /// personal number still count. The model otherwise takes its fields as independent; these are not.
    static let householdFields: Set<LinkageField> = [.familyName, .middleName, .residence]

    static func siblingsPattern(_ vector: ComparisonVector) -> Bool {
        let family = vector[.familyName]
        let given = vector[.givenName]
        return (family == NameLevel.same.rawValue || family == NameLevel.marksDiffer.rawValue)
            && (given == NameLevel.different.rawValue || given == NameLevel.otherCommonName.rawValue)
    }

    /// The term frequency that replaces u when two records agree on a name's letters.
    private func frequency(_ field: LinkageField, _ level: Int, _ a: Int) -> Double? {
        if field == .middleName {
            return level == MiddleNameLevel.same.rawValue ? records.middleFrequency(records.middleFolded[a]) : nil
        }
        guard level == NameLevel.same.rawValue || level == NameLevel.marksDiffer.rawValue else { return nil }
        switch field {
        case .familyName: return records.familyFrequency(records.familyFolded[a])
        case .givenName: return records.givenFrequency(records.givenFolded[a])
        default: return nil
        }
    }

    func explanation(_ a: Int, _ b: Int, _ vector: ComparisonVector) -> Explanation {
        var evidence: [Evidence] = []
        let siblings = Self.siblingsPattern(vector)
        for f in LinkageField.allCases {
            let level = vector[f]
            guard level > 0 else { continue }
            let frequency = frequency(f, level, a)
            var weight = frequency.map { log2(model.m[f.rawValue][level] / $0) } ?? table[f.rawValue][level]
            if siblings && Self.householdFields.contains(f) { weight = min(0, weight) }
            evidence.append(Evidence(field: f, level: level, weight: weight, frequency: frequency))
        }
        evidence.sort { abs($0.weight) > abs($1.weight) }
        return Explanation(evidence: evidence)
    }
}
