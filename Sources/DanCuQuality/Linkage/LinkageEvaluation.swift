/// How well a deduplication found the truth, counted over pairs of records.
///
/// - Pairwise: the pairs a tool said are one person, against every pair of records of one person.
/// - Clusters: the pairs inside each cluster the tool made (after joining its pairs into groups),
///   against the same truth; joining can add pairs no score chose (a–b and b–c give a–c), so this is
///   what an agency acting on the clusters gets.
public enum LinkageEvaluation {
    public struct Scores: Sendable, Equatable {
        public let truePairs: Int
        public let predictedPairs: Int
        public let correctPairs: Int

        public var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
        public var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
        public var f1: Double {
            let p = precision
            let r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
    }

    /// The number of pairs among groups of these sizes.
    static func pairs<S: Sequence>(inGroupsOf sizes: S) -> Int where S.Element == Int {
        sizes.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
    }

    /// `truth` maps each record to its person; `predicted` lists pairs of record ids (either order, each
    /// counted once). Records not in `truth` are not counted as correct.
    public static func pairwise(truth: [String: String], predicted: [(String, String)]) -> Scores {
        var seen: Set<String> = []
        var correct = 0
        for (a, b) in predicted {
            let key = a < b ? a + "\u{1F}" + b : b + "\u{1F}" + a
            guard a != b, seen.insert(key).inserted else { continue }
            if let ta = truth[a], ta == truth[b] { correct += 1 }
        }
        return Scores(truePairs: truePairs(truth), predictedPairs: seen.count, correctPairs: correct)
    }

    /// `clusters` maps each record to its cluster.
    public static func clusters(truth: [String: String], clusters: [String: String]) -> Scores {
        var clusterSizes: [String: Int] = [:]
        var both: [String: Int] = [:]
        for (record, cluster) in clusters {
            clusterSizes[cluster, default: 0] += 1
            if let person = truth[record] { both[cluster + "\u{1F}" + person, default: 0] += 1 }
        }
        return Scores(
            truePairs: truePairs(truth), predictedPairs: pairs(inGroupsOf: clusterSizes.values),
            correctPairs: pairs(inGroupsOf: both.values))
    }

    static func truePairs(_ truth: [String: String]) -> Int {
        var sizes: [String: Int] = [:]
        for person in truth.values { sizes[person, default: 0] += 1 }
        return pairs(inGroupsOf: sizes.values)
    }
}
