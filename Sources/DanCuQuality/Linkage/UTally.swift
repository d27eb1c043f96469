/// What the random pairs of u's estimate show: how many pairs fell in each level of each field, and
/// how many had a date known only by year, or by year and month. Counts add up, so each core counts
/// its share of the pairs and the shares are summed: the same figures as one core would give.
struct UTally {
    /// Field `f`'s level `l` at `f * 16 + l` (a comparison vector keeps four bits a field).
    var levels = [Int](repeating: 0, count: Self.fields.count * 16)
    /// Pairs in which the less precise date is known only by year, or by year and month.
    var yearOnly = 0
    var monthOnly = 0

    /// Kept once: `allCases` makes a new array at each call, in an unoptimised build for every pair.
    static let fields = LinkageField.allCases

    mutating func add(_ records: PreparedRecords, _ a: Int, _ b: Int) {
        let vector = records.compare(a, b)
        for field in Self.fields { levels[field.rawValue * 16 + vector[field]] += 1 }
        if records.year[a] != 0 && records.year[b] != 0 {
            if records.month[a] == 0 || records.month[b] == 0 {
                yearOnly += 1
            } else if records.day[a] == 0 || records.day[b] == 0 {
                monthOnly += 1
            }
        }
    }

    mutating func merge(_ other: UTally) {
        for i in levels.indices { levels[i] += other.levels[i] }
        yearOnly += other.yearOnly
        monthOnly += other.monthOnly
    }

    /// `work(i, &tally)` for every i in 0..<count, shared out between the cores.
    static func counted(count: Int, _ work: @Sendable (Int, inout UTally) -> Void) -> UTally {
        let parts = EveryCore.perRun(count) { run in
            var tally = UTally()
            for i in run { work(i, &tally) }
            return tally
        }
        var total = UTally()
        for part in parts { total.merge(part) }
        return total
    }
}
