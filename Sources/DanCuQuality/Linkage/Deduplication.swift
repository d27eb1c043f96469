import Dispatch
import Foundation

/// Finds the records of one file that are the same person: blocking, comparison, a model learnt from
/// the file itself, scores adjusted by name frequency, and clusters.
public struct Deduplication: Sendable {
    public enum Stage: String, Sendable {
        case preparing, blocking, comparing, training, scoring, clustering
    }

    public struct Pair: Sendable, Hashable {
        /// Indices into the records given.
        public let a: Int
        public let b: Int
        public let weight: Double
        public var probability: Double { LinkageModel.probability(weight: weight) }
        public let explanation: Explanation
    }

    public struct Result: Sendable {
        /// The pairs at or above the threshold, in order of the first record.
        public let pairs: [Pair]
        /// Each record's cluster: the index of the cluster's first record.
        public let clusters: [Int]
        public let model: LinkageModel
        public let candidateCount: Int
        public let candidatesPerRule: [BlockingRule: Int]
        public let oversizedBlocks: [BlockingRule: Int]
    }

    public var threshold: Double
    /// Random pairs drawn to learn u.
    public var uSample: Int
    public var seed: UInt64
    public var maximumBlock: Int
    /// A model to score with instead of learning one (one trained on the register, say).
    public var model: LinkageModel?
    /// m known beforehand (from labelled pairs: `ModelTraining.labelled`), for records that cannot
    /// teach it, such as the register's, where no two records share a personal number; u and the prior
    /// are still learnt from the records.
    public var knownM: [[Double]]?

    public init(
        threshold: Double = 0.9, uSample: Int = 2_000_000, seed: UInt64 = 42, maximumBlock: Int = 2_000, model: LinkageModel? = nil,
        knownM: [[Double]]? = nil
    ) {
        self.threshold = threshold
        self.uSample = uSample
        self.seed = seed
        self.maximumBlock = maximumBlock
        self.model = model
        self.knownM = knownM
    }

    public func run(_ input: [LinkageRecord], progress: (Stage) -> Void = { _ in }) -> Result {
        progress(.preparing)
        let records = PreparedRecords(input)
        progress(.blocking)
        let candidates = records.candidates(maximumBlock: maximumBlock)
        progress(.comparing)
        let vectors = Self.compare(records, candidates.pairs)
        progress(.training)
        let model = self.model ?? train(records, vectors: vectors)
        progress(.scoring)
        let scoring = PairScoring(model: model, records: records)
        let minimumWeight = log2(threshold / (1 - threshold))
        var kept: [Pair] = []
        for (index, weight) in Self.weighed(scoring, candidates.pairs, vectors, atLeast: minimumWeight) {
            let (a, b) = CandidatePairs.unpack(candidates.pairs[index])
            kept.append(Pair(a: a, b: b, weight: weight, explanation: scoring.explanation(a, b, vectors[index])))
        }
        kept.sort { ($0.a, $0.b) < ($1.a, $1.b) }
        progress(.clustering)
        var clustering = Clustering(count: records.count)
        for pair in kept { clustering.union(pair.a, pair.b) }
        return Result(
            pairs: kept, clusters: clustering.clusters(), model: model, candidateCount: candidates.count,
            candidatesPerRule: candidates.perRule, oversizedBlocks: candidates.oversizedBlocks)
    }

    func train(_ records: PreparedRecords, vectors: [ComparisonVector]) -> LinkageModel {
        let u = ModelTraining.u(records, sample: uSample, seed: seed)
        var histogram: [ComparisonVector: Int] = [:]
        for v in vectors { histogram[v, default: 0] += 1 }
        let m = knownM ?? ModelTraining.anchored(histogram: histogram, u: u)
        let share = ModelTraining.share(histogram: histogram, m: m, u: u)
        let n = Double(records.count)
        let allPairs = max(1, n * (n - 1) / 2)
        let expectedMatches = share * Double(vectors.count)
        let prior = min(max(expectedMatches / allPairs, 1e-12), 0.5)
        return LinkageModel(prior: prior, m: m, u: u)
    }

    /// The candidate pairs whose weight reaches `minimum`, by index in order, with their weights: weighed
    /// on every core (a pair's weight depends on that pair alone), each core keeping only what reaches it.
    static func weighed(_ scoring: PairScoring, _ pairs: [UInt64], _ vectors: [ComparisonVector], atLeast minimum: Double) -> [(Int, Double)] {
        EveryCore.perRun(pairs.count) { run in
            var kept: [(Int, Double)] = []
            for i in run {
                let (a, b) = CandidatePairs.unpack(pairs[i])
                let weight = scoring.weight(a, b, vectors[i])
                if weight >= minimum { kept.append((i, weight)) }
            }
            return kept
        }.flatMap { $0 }
    }

    /// The comparison vectors of all candidate pairs, on every core.
    static func compare(_ records: PreparedRecords, _ pairs: [UInt64]) -> [ComparisonVector] {
        var vectors = [ComparisonVector](repeating: ComparisonVector(packed: 0), count: pairs.count)
        vectors.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            EveryCore.share(pairs.count) { _, run in
                for i in run {
                    let (a, b) = CandidatePairs.unpack(pairs[i])
                    out[i] = records.compare(a, b)
                }
            }
        }
        return vectors
    }
}
