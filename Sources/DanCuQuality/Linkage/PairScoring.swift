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
        model.priorWeight + contributions(a, b, vector).reduce(0) { $0 + $1.weight }
    }

    /// Each field's weight for the pair, level 0 (missing) left out.
    func contributions(_ a: Int, _ b: Int, _ vector: ComparisonVector) -> [(field: LinkageField, level: Int, weight: Double, frequency: Double?)] {
        let siblings = Self.siblingsPattern(vector)
        var parts: [(field: LinkageField, level: Int, weight: Double, frequency: Double?)] = []
        for f in LinkageField.allCases {
            let level = vector[f]
            guard level > 0 else { continue }
            let frequency = frequency(f, level, a)
            var add = frequency.map { log2(model.m[f.rawValue][level] / $0) } ?? table[f.rawValue][level]
            if siblings && Self.householdFields.contains(f) { add = min(0, add) }
            parts.append((f, level, add, frequency))
        }
        // The whole name agrees: its parts' frequencies are not independent (a people's family, middle
        // and given names come from the same few), so the name weighs what the whole name's frequency
        // says, shared among its parts in proportion, never more than the parts said.
        if Self.wholeNameAgrees(vector), records.familyFolded[a] >= 0 {
            let names: Set<LinkageField> = [.familyName, .middleName, .givenName]
            let indices = parts.indices.filter { names.contains(parts[$0].field) }
            let separate = indices.reduce(0.0) { $0 + parts[$1].weight }
            let m = indices.reduce(1.0) { $0 * model.m[parts[$1].field.rawValue][parts[$1].level] }
            let whole = log2(m / records.fullNameFrequency(a))
            if separate > 0, whole < separate {
                for i in indices { parts[i].weight *= whole / separate }
            }
        }
        return parts
    }

    static func wholeNameAgrees(_ vector: ComparisonVector) -> Bool {
        let agree: Set<Int> = [NameLevel.same.rawValue, NameLevel.marksDiffer.rawValue]
        let middle = vector[.middleName]
        return agree.contains(vector[.familyName]) && agree.contains(vector[.givenName])
            && (middle == MiddleNameLevel.same.rawValue || middle == MiddleNameLevel.bothMissing.rawValue)
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
        var evidence = contributions(a, b, vector).map { Evidence(field: $0.field, level: $0.level, weight: $0.weight, frequency: $0.frequency) }
        evidence.sort { abs($0.weight) > abs($1.weight) }
        return Explanation(evidence: evidence)
    }
}
