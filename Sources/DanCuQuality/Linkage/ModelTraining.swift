import DanCuRegister
import Foundation

/// Learns a model from the records themselves, with no labelled pairs, as an agency's file comes:
///
/// - u from pairs drawn at random, nearly all of which are different people;
/// - m and the share of matches among the candidate pairs by expectation–maximisation over the
///   candidates' comparison vectors (counted by vector, so each round costs the number of distinct
///   vectors, not of pairs), with u held fixed;
/// - the prior from the expected number of matches over all n(n−1)/2 pairs.
enum ModelTraining {
    static func u(_ records: PreparedRecords, sample: Int, seed: UInt64) -> [[Double]] {
        let n = records.count
        let all = n * (n - 1) / 2
        var tally = UTally()
        if n >= 2 && all <= sample {
            // Every pair, the first record's rows shared out between the cores.
            tally = UTally.counted(count: n - 1) { a, into in
                for b in (a + 1)..<n { into.add(records, a, b) }
            }
        } else if n >= 2 {
            // The pairs are drawn in one sequence, so that a seed gives the same pairs on any machine;
            // they are compared on every core.
            var rng = SplitMix64(seed: seed)
            var pairs = [UInt64](repeating: 0, count: sample)
            for i in 0..<sample {
                let a = rng.int(0...(n - 1))
                var b = rng.int(0...(n - 2))
                if b >= a { b += 1 }
                pairs[i] = UInt64(a) << 32 | UInt64(b)
            }
            let drawn = pairs
            tally = UTally.counted(count: sample) { i, into in
                into.add(records, Int(drawn[i] >> 32), Int(drawn[i] & 0xFFFF_FFFF))
            }
        }
        let counts = LinkageField.allCases.map { field in
            (0..<field.levelCount).map { Double(tally.levels[field.rawValue * 16 + $0]) }
        }
        // One pseudo-count a level: a level never seen at random is rare, not impossible.
        var u = counts.map { levels in
            let seen = levels.dropFirst().reduce(0, +) + Double(levels.count - 1)
            return levels.enumerated().map { $0.offset == 0 ? 1 : ($0.element + 1) / seen }
        }
        // A date known in part agrees by chance as often as two people share a year (or a month and
        // year), whatever share of records has such dates: u is taken among those pairs only.
        let date = LinkageField.dateOfBirth.rawValue
        u[date][DateLevel.yearAgrees.rawValue] = (counts[date][DateLevel.yearAgrees.rawValue] + 1) / Double(tally.yearOnly + 1)
        u[date][DateLevel.monthAgrees.rawValue] = (counts[date][DateLevel.monthAgrees.rawValue] + 1) / Double(tally.monthOnly + 1)
        return u
    }

    /// How often a date known in part agrees with the same person's other record. Learnt from the
    /// candidates, this would say how often duplicates carry partial dates, and make a partial date
    /// itself evidence of a duplicate; the known part was copied from the same papers, so it agrees
    /// nearly always.
    static let partialDateAgreement = 0.95

    /// No level is impossible for one person: the smallest m a level may have.
    static let smallestM = 1e-4

    /// m by expectation–maximisation over the comparison vectors of a set of pairs, using and estimating
    /// only `fields`; the others keep their starting values.
    static func m(
        histogram: [ComparisonVector: Int], u: [[Double]], fields: [LinkageField] = LinkageField.allCases, share startShare: Double = 0.1,
        rounds: Int = 60
    ) -> (m: [[Double]], matchShare: Double) {
        let patterns = Array(histogram)
        var m = startingM
        var share = startShare
        let total = Double(patterns.reduce(0) { $0 + $1.value })
        guard total > 0 else { return (m, 0) }
        for _ in 0..<rounds {
            var sums = LinkageField.allCases.map { [Double](repeating: 0, count: $0.levelCount) }
            var matches = 0.0
            for (vector, count) in patterns {
                var pm = share
                var pu = 1 - share
                for f in fields {
                    let l = vector[f]
                    guard l > 0 else { continue }
                    pm *= m[f.rawValue][l]
                    pu *= u[f.rawValue][l]
                }
                let w = pm / (pm + pu) * Double(count)
                matches += w
                for f in fields { sums[f.rawValue][vector[f]] += w }
            }
            var change = abs(matches / total - share)
            share = min(max(matches / total, 1e-9), 1 - 1e-9)
            for f in fields {
                let s = sums[f.rawValue]
                let known = s.dropFirst().reduce(0, +) + 1e-3 * Double(s.count - 1)
                for l in 1..<s.count {
                    let next = (s[l] + 1e-3) / known
                    change = max(change, abs(next - m[f.rawValue][l]))
                    m[f.rawValue][l] = next
                }
            }
            if change < 1e-7 { break }
        }
        return (m, share)
    }

    /// Where expectation–maximisation starts: agreement likelier for one person than for two, so the
    /// classes do not swap.
    static var startingM: [[Double]] {
        LinkageField.allCases.map { field -> [Double] in
            let levels = field.levelCount
            var start = [Double](repeating: 0, count: levels)
            for l in 1..<levels { start[l] = pow(0.35, Double(l - 1)) }
            let total = start.reduce(0, +)
            return start.map { $0 / total }
        }
    }

    /// The share of matches among the candidates with m and u both known.
    static func share(histogram: [ComparisonVector: Int], m: [[Double]], u: [[Double]], rounds: Int = 100) -> Double {
        let total = Double(histogram.values.reduce(0, +))
        guard total > 0 else { return 0 }
        // Each vector's odds of a match do not change between rounds; only the share does.
        let ratios = histogram.map { vector, count -> (Double, Double) in
            var ratio = 1.0
            for f in LinkageField.allCases {
                let l = vector[f]
                guard l > 0 else { continue }
                ratio *= m[f.rawValue][l] / u[f.rawValue][l]
            }
            return (ratio, Double(count))
        }
        var share = 0.1
        for _ in 0..<rounds {
            let odds = share / (1 - share)
            let matches = ratios.reduce(0.0) { sum, item in sum + item.1 * (odds * item.0) / (1 + odds * item.0) }
            let next = min(max(matches / total, 1e-12), 1 - 1e-9)
            if abs(next - share) < 1e-10 { return next }
            share = next
        }
        return share
    }

    /// m learnt from pairs that are nearly all one person, the way Splink trains on one blocking rule
    /// at a time: the pairs that share a personal number show how every other field varies between
    /// records of one person; the pairs that share family and given name, full date of birth and sex
    /// show it for the personal number, the middle name and residence. Learning m from all candidates
    /// at once lets households (same family name, same ward) pass for one person.
    static func anchored(histogram: [ComparisonVector: Int], u: [[Double]], minimumPairs: Int = 30) -> [[Double]] {
        var m = startingM
        let sameNumber = histogram.filter { $0.key[.personalNumber] == NumberLevel.same.rawValue }
        let nameAgrees: Set<Int> = [NameLevel.same.rawValue, NameLevel.marksDiffer.rawValue]
        let sameNameAndDate = histogram.filter {
            nameAgrees.contains($0.key[.familyName]) && nameAgrees.contains($0.key[.givenName])
                && $0.key[.dateOfBirth] == DateLevel.same.rawValue && $0.key[.sex] != SexLevel.different.rawValue
        }
        let others = LinkageField.allCases.filter { $0 != .personalNumber }
        if sameNumber.values.reduce(0, +) >= minimumPairs {
            let learnt = Self.m(histogram: sameNumber, u: u, fields: others, share: 0.9).m
            for f in others { m[f.rawValue] = learnt[f.rawValue] }
        } else {
            let learnt = Self.m(histogram: histogram, u: u, fields: others).m
            for f in others { m[f.rawValue] = learnt[f.rawValue] }
        }
        if sameNameAndDate.values.reduce(0, +) >= minimumPairs {
            let learnt = Self.m(histogram: sameNameAndDate, u: u, fields: [.middleName, .residence, .personalNumber], share: 0.9).m
            m[LinkageField.personalNumber.rawValue] = learnt[LinkageField.personalNumber.rawValue]
        }
        m = m.map { levels in levels.enumerated().map { $0.offset == 0 ? $0.element : max(smallestM, $0.element) } }
        let date = LinkageField.dateOfBirth.rawValue
        m[date][DateLevel.yearAgrees.rawValue] = partialDateAgreement
        m[date][DateLevel.monthAgrees.rawValue] = partialDateAgreement
        return m
    }

    /// m counted on pairs whose truth is known: the candidate pairs of `rows` that are one person. The
    /// generator's files give such pairs; the officers' decisions that two records are one person add
    /// more, one pair each.
    static func labelled(_ rows: [LinkageTestData.Row], decidedMatches: [(LinkageRecord, LinkageRecord)] = []) -> [[Double]] {
        // The officers' matches are compared among the generated rows, whose names have the country's
        // frequencies, so that a common name counts as common here as it does in the register.
        let records = PreparedRecords(rows.map(\.record) + decidedMatches.flatMap { [$0.0, $0.1] })
        var counts = LinkageField.allCases.map { [Double](repeating: 0, count: $0.levelCount) }
        func count(_ v: ComparisonVector) { for f in LinkageField.allCases { counts[f.rawValue][v[f]] += 1 } }
        for pair in records.candidates().pairs {
            let (a, b) = CandidatePairs.unpack(pair)
            guard a < rows.count, b < rows.count, rows[a].entity == rows[b].entity else { continue }
            count(records.compare(a, b))
        }
        for i in decidedMatches.indices { count(records.compare(rows.count + 2 * i, rows.count + 2 * i + 1)) }
        var m = counts.map { levels in
            let seen = levels.dropFirst().reduce(0, +) + Double(levels.count - 1)
            return levels.enumerated().map { $0.offset == 0 ? 1 : max(smallestM, ($0.element + 1) / seen) }
        }
        let date = LinkageField.dateOfBirth.rawValue
        m[date][DateLevel.yearAgrees.rawValue] = partialDateAgreement
        m[date][DateLevel.monthAgrees.rawValue] = partialDateAgreement
        return m
    }
}
