/// The optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring)
/// between two short byte strings, counted only up to `limit`: anything farther returns `limit + 1`.
/// Typing mistakes in names are one substitution, insertion, deletion or swap of neighbours.
enum EditDistance {
    static func bounded(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        let n = a.count
        let m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 || m == 0 { return max(n, m) }
        // Three rows of the dynamic programme on the stack: this runs for millions of pairs.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { rows in
            var previous2 = 0
            var previous = m + 1
            var current = 2 * (m + 1)
            for j in 0...m {
                rows[previous + j] = j
                rows[previous2 + j] = 0
            }
            for i in 1...n {
                rows[current] = i
                var rowMinimum = i
                for j in 1...m {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var d = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        d = min(d, rows[previous2 + j - 2] + 1)
                    }
                    rows[current + j] = d
                    rowMinimum = min(rowMinimum, d)
                }
                if rowMinimum > limit { return limit + 1 }
                (previous2, previous, current) = (previous, current, previous2)
            }
            return min(rows[previous + m], limit + 1)
        }
    }
}
