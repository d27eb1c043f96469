/// The optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring)
/// between two short byte strings, counted only up to `limit`: anything farther returns `limit + 1`.
/// Typing mistakes in names are one substitution, insertion, deletion or swap of neighbours.
enum EditDistance {
    static func bounded(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if limit == 1 { return withinOne(a, b) }
        return programme(a, b, limit: limit)
    }

    /// `bounded(a, b, limit: 1)` by one pass: at most one substitution, insertion, deletion or swap of
    /// neighbours lies between `a` and `b` only if they agree apart from it. Most pairs compared are two
    /// different names, and this is how nearly all of them are told apart.
    static func withinOne(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let n = a.count
        let m = b.count
        if n == m {
            var i = 0
            while i < n && a[i] == b[i] { i += 1 }
            if i == n { return 0 }
            if agree(a, from: i + 1, b, from: i + 1) { return 1 }
            if i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && agree(a, from: i + 2, b, from: i + 2) { return 1 }
            return 2
        }
        guard abs(n - m) == 1 else { return 2 }
        let (short, long) = n < m ? (a, b) : (b, a)
        var i = 0
        while i < short.count && short[i] == long[i] { i += 1 }
        return agree(short, from: i, long, from: i + 1) ? 1 : 2
    }

    /// Whether `a` from `i` on and `b` from `j` on are the same bytes.
    private static func agree(_ a: [UInt8], from i: Int, _ b: [UInt8], from j: Int) -> Bool {
        guard a.count - i == b.count - j else { return false }
        var i = i
        var j = j
        while i < a.count {
            if a[i] != b[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// The dynamic programme, for any limit.
    static func programme(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
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
