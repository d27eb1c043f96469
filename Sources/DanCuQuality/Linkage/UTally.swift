/// What the random pairs of u's estimate show: how many pairs fell in each level of each field, and
/// how many had a date known only by year, or by year and month. Counts add up, so each core counts
/// its share of the pairs and the shares are summed: the same figures as one core would give.
struct UTally {
    /// Field `f`'s level `l` at `f * 16 + l` (a comparison vector keeps four bits a field).
    var levels = [Int](repeating: 0, count: Self.fields * 16)
    /// Pairs in which the less precise date is known only by year, or by year and month.
    var yearOnly = 0
    var monthOnly = 0

    static let fields = LinkageField.allCases.count

    mutating func add(_ records: PreparedRecords, _ a: Int, _ b: Int) {
        let packed = records.compare(a, b).packed
        for f in 0..<Self.fields { levels[f * 16 + Int((packed >> UInt32(f * 4)) & 0xF)] += 1 }
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
        var parts = [UTally](repeating: UTally(), count: EveryCore.workers(count))
        parts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            EveryCore.share(count) { w, run in
                var tally = UTally()
                for i in run { work(i, &tally) }
                out[w] = tally
            }
        }
        var total = UTally()
        for part in parts { total.merge(part) }
        return total
    }
}
