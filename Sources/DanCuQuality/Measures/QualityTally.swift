/// The measures of many records added up: how many keep each dimension, how many break each rule,
/// and the mean completeness. Tallies add, so a ward's roll up into its province's and the nation's.
public struct QualityTally: Sendable, Hashable, Codable {
    public private(set) var records = 0
    /// Records keeping every rule of a dimension, by dimension.
    public private(set) var keeping: [QualityDimension: Int] = [:]
    /// Records breaking a rule, by rule.
    public private(set) var breaking: [QualityRule: Int] = [:]
    public private(set) var completenessSum = 0.0

    public init() {}

    public mutating func add(_ quality: RecordQuality) {
        add(brokenRules: quality.brokenRules, completeness: quality.completeness)
    }

    /// Adds a record by its stored form: the set of broken rules and its completeness.
    public mutating func add(brokenRules: UInt32, completeness: Double) {
        add(brokenRules: brokenRules, records: 1, completenessSum: completeness)
    }

    /// Adds `records` records that break the same rules, whose completeness sums to `completenessSum`.
    public mutating func add(brokenRules: UInt32, records count: Int, completenessSum sum: Double) {
        records += count
        completenessSum += sum
        var broken: Set<QualityDimension> = []
        for rule in QualityRule.allCases where brokenRules & rule.bit != 0 {
            breaking[rule, default: 0] += count
            broken.insert(rule.dimension)
        }
        for dimension in QualityDimension.allCases where !broken.contains(dimension) { keeping[dimension, default: 0] += count }
    }

    public mutating func add(_ other: QualityTally) {
        records += other.records
        completenessSum += other.completenessSum
        for (d, n) in other.keeping { keeping[d, default: 0] += n }
        for (r, n) in other.breaking { breaking[r, default: 0] += n }
    }

    /// The share of records keeping a dimension (1 when there are none).
    public func share(_ dimension: QualityDimension) -> Double {
        records == 0 ? 1 : Double(keeping[dimension] ?? 0) / Double(records)
    }

    /// The mean of the records' completeness.
    public var meanCompleteness: Double { records == 0 ? 1 : completenessSum / Double(records) }
}
