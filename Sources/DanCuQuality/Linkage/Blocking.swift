/// The ways of choosing which pairs to compare at all. Comparing every pair of a hundred million people
/// is 5 × 10¹⁵ comparisons; records are compared only when they share one of these keys, and each rule
/// is meant to catch the duplicates that the mistakes breaking the others leave:
///
/// - the same personal number (any name or date mistake);
/// - the same family and given name and year of birth (a wrong day or month, a dropped middle name, a move);
/// - the same full date of birth and sex (a typo in any name);
/// - the same family name, year and the day and month in either order (a typo in the given name with
///   the day and month swapped);
/// - the same given name in the same ward (a date known only by its year and a typo in the family name).
public enum BlockingRule: Int, CaseIterable, Sendable {
    case personalNumber
    case nameAndYear
    case dateAndSex
    case familyAndSwappableDate
    case givenNameAndWard

    public var description: String {
        switch self {
        case .personalNumber: "same personal number"
        case .nameAndYear: "same family and given name and year of birth"
        case .dateAndSex: "same date of birth and sex"
        case .familyAndSwappableDate: "same family name, year, and day and month in either order"
        case .givenNameAndWard: "same given name and ward"
        }
    }
}

/// The pairs blocking chose, each once, as `a << 32 | b` with a < b.
public struct CandidatePairs: Sendable {
    var pairs: [UInt64]
    /// Pairs each rule added beyond the rules before it.
    public var perRule: [BlockingRule: Int]
    /// Records in blocks too large to compare in full (a placeholder date, say): each such block is
    /// named by its rule, and its pairs are left to the other rules.
    public var oversizedBlocks: [BlockingRule: Int]

    public var count: Int { pairs.count }

    static func unpack(_ pair: UInt64) -> (Int, Int) { (Int(pair >> 32), Int(pair & 0xFFFF_FFFF)) }
}

extension PreparedRecords {
    /// No key: the record lacks a part the rule needs.
    static let noKey: UInt64 = 0

    func key(_ rule: BlockingRule, _ i: Int) -> UInt64 {
        switch rule {
        case .personalNumber:
            guard personalNumberLength[i] > 0 else { return Self.noKey }
            return Self.mix(1, personalNumber[i], UInt64(personalNumberLength[i]))
        case .nameAndYear:
            guard familyFolded[i] >= 0, givenFolded[i] >= 0, year[i] != 0 else { return Self.noKey }
            return Self.mix(2, UInt64(familyFolded[i]) << 32 | UInt64(givenFolded[i]), UInt64(year[i]))
        case .dateAndSex:
            guard year[i] != 0, month[i] != 0, day[i] != 0 else { return Self.noKey }
            return Self.mix(3, UInt64(year[i]) << 16 | UInt64(month[i]) << 8 | UInt64(day[i]), UInt64(sex[i]))
        case .familyAndSwappableDate:
            guard familyFolded[i] >= 0, year[i] != 0, month[i] != 0, day[i] != 0 else { return Self.noKey }
            let low = UInt64(min(month[i], day[i]))
            let high = UInt64(max(month[i], day[i]))
            return Self.mix(4, UInt64(familyFolded[i]), UInt64(year[i]) << 16 | low << 8 | high)
        case .givenNameAndWard:
            guard givenFolded[i] >= 0, ward[i] >= 0 else { return Self.noKey }
            return Self.mix(5, UInt64(givenFolded[i]), UInt64(ward[i]))
        }
    }

    /// A 64-bit hash of the rule and two parts, never `noKey`. Two keys that collide only add pairs to
    /// compare; they never hide one.
    static func mix(_ rule: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = rule &* 0x9E37_79B9_7F4A_7C15 ^ a
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z ^= b &* 0x94D0_49BB_1331_11EB
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == noKey ? 1 : z
    }

    /// The candidate pairs of all rules, each pair once: a rule adds a pair only when no earlier rule
    /// already holds it, so no set of pairs is ever built.
    func candidates(rules: [BlockingRule] = BlockingRule.allCases, maximumBlock: Int = 2_000) -> CandidatePairs {
        var keys: [[UInt64]] = []
        var result = CandidatePairs(pairs: [], perRule: [:], oversizedBlocks: [:])
        for rule in rules {
            var ruleKeys = (0..<count).map { key(rule, $0) }
            var order: [(key: UInt64, index: UInt32)] = []
            order.reserveCapacity(count)
            for (i, k) in ruleKeys.enumerated() where k != Self.noKey { order.append((k, UInt32(i))) }
            order.sort { $0.key < $1.key || ($0.key == $1.key && $0.index < $1.index) }
            var added = 0
            var start = 0
            while start < order.count {
                var end = start + 1
                while end < order.count && order[end].key == order[start].key { end += 1 }
                let size = end - start
                if size > maximumBlock {
                    result.oversizedBlocks[rule, default: 0] += size
                    // Not compared here, so later rules must not take these pairs as done.
                    for x in start..<end { ruleKeys[Int(order[x].index)] = Self.noKey }
                } else if size > 1 {
                    for x in start..<(end - 1) {
                        let a = Int(order[x].index)
                        for y in (x + 1)..<end {
                            let b = Int(order[y].index)
                            if keys.contains(where: { $0[a] != Self.noKey && $0[a] == $0[b] }) { continue }
                            result.pairs.append(UInt64(a) << 32 | UInt64(b))
                            added += 1
                        }
                    }
                }
                start = end
            }
            result.perRule[rule] = added
            keys.append(ruleKeys)
        }
        return result
    }
}
