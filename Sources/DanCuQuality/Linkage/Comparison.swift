/// Compares two prepared records field by field. Pure and cheap: ids and small numbers only, the edit
/// distance only when two names differ.
extension PreparedRecords {
    func compare(_ a: Int, _ b: Int) -> ComparisonVector {
        ComparisonVector(
            family: name(familyFolded[a], familyTone[a], familyFolded[b], familyTone[b], counts: familyCounts),
            middle: middle(a, b),
            given: name(givenFolded[a], givenTone[a], givenFolded[b], givenTone[b], counts: givenCounts),
            date: date(a, b), sex: sexLevel(a, b), residence: residence(a, b), number: number(a, b))
    }

    func name(_ foldedA: Int32, _ toneA: Int32, _ foldedB: Int32, _ toneB: Int32, counts: [Int32]) -> NameLevel {
        guard foldedA >= 0, foldedB >= 0 else { return .missing }
        if toneA == toneB { return .same }
        if foldedA == foldedB { return .marksDiffer }
        let x = tokens[Int(foldedA)]
        let y = tokens[Int(foldedB)]
        // Vietnamese name words are short: two edits turn Hân into Hoa and Lân into Tuấn, so two
        // edits count only between words of five letters or more.
        let limit = min(x.count, y.count) >= 5 ? 2 : 1
        let distance = EditDistance.bounded(x, y, limit: limit)
        guard distance <= limit else { return .different }
        // A slip of the keyboard makes a rare spelling beside a common one; two spellings that many
        // records carry are two names.
        let ca = counts[Int(foldedA)]
        let cb = counts[Int(foldedB)]
        if min(ca, cb) >= commonNameCount && min(ca, cb) * 20 >= max(ca, cb) { return distance == 1 ? .otherCommonName : .different }
        return distance == 1 ? .oneEdit : .twoEdits
    }

    func middle(_ a: Int, _ b: Int) -> MiddleNameLevel {
        let x = middleFolded[a]
        let y = middleFolded[b]
        if x < 0 && y < 0 { return .bothMissing }
        if x < 0 || y < 0 { return .missingOnOneSide }
        if x == y { return .same }
        return EditDistance.bounded(tokens[Int(x)], tokens[Int(y)], limit: 1) <= 1 ? .oneEdit : .different
    }

    func date(_ a: Int, _ b: Int) -> DateLevel {
        let ya = year[a]
        let yb = year[b]
        guard ya != 0, yb != 0 else { return .missing }
        let ma = month[a]
        let mb = month[b]
        let da = day[a]
        let db = day[b]
        if ya == yb {
            if ma != 0, mb != 0, da != 0, db != 0 {
                if ma == mb && da == db { return .same }
                if ma == db && da == mb { return .dayMonthSwapped }
                return ma == mb ? .sameYearAndMonth : .sameYear
            }
            // One date known only in part: the parts both know agree, or they do not.
            if ma == 0 || mb == 0 { return .yearAgrees }
            if ma == mb { return .monthAgrees }
            return .sameYear
        }
        if abs(Int(ya) - Int(yb)) == 1 || Self.differByOneDigit(UInt64(ya), UInt64(yb), digits: 4) { return .yearsOneApart }
        return .different
    }

    func sexLevel(_ a: Int, _ b: Int) -> SexLevel {
        guard sex[a] != 0, sex[b] != 0 else { return .missing }
        return sex[a] == sex[b] ? .same : .different
    }

    func residence(_ a: Int, _ b: Int) -> ResidenceLevel {
        if ward[a] >= 0, ward[a] == ward[b] { return .sameWard }
        guard province[a] >= 0, province[b] >= 0 else { return .missing }
        return province[a] == province[b] ? .sameProvince : .differentProvince
    }

    func number(_ a: Int, _ b: Int) -> NumberLevel {
        let la = personalNumberLength[a]
        let lb = personalNumberLength[b]
        guard la != 0, lb != 0 else { return .missing }
        let x = personalNumber[a]
        let y = personalNumber[b]
        if la == lb && x == y { return .same }
        guard la == lb else { return .different }
        let digits = Int(la)
        if Self.differByOneDigit(x, y, digits: digits) || Self.neighboursSwapped(x, y, digits: digits) { return .oneDigit }
        return .different
    }

    static func differByOneDigit(_ x: UInt64, _ y: UInt64, digits: Int) -> Bool {
        var x = x
        var y = y
        var differences = 0
        for _ in 0..<digits {
            if x % 10 != y % 10 { differences += 1 }
            x /= 10
            y /= 10
        }
        return differences == 1
    }

    /// Two neighbouring digits swapped and nothing else changed (123456 /124356).
    static func neighboursSwapped(_ x: UInt64, _ y: UInt64, digits: Int) -> Bool {
        var x = x
        var y = y
        var differences = 0
        var first = (position: 0, x: UInt64(0), y: UInt64(0))
        var second = (x: UInt64(0), y: UInt64(0))
        for position in 0..<digits {
            let dx = x % 10
            let dy = y % 10
            if dx != dy {
                differences += 1
                switch differences {
                case 1: first = (position, dx, dy)
                case 2:
                    guard position == first.position + 1 else { return false }
                    second = (dx, dy)
                default: return false
                }
            }
            x /= 10
            y /= 10
        }
        return differences == 2 && first.x == second.y && first.y == second.x
    }
}
