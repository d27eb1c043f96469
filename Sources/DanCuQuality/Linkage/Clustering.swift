/// Groups records into people: connected components of the pairs judged the same person, by union–find
/// with path halving and union by size.
struct Clustering {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while Int(parent[x]) != x {
            parent[x] = parent[Int(parent[x])]
            x = Int(parent[x])
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a)
        var rb = find(b)
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
    }

    /// Each record's cluster, numbered by the first record of the cluster in input order.
    mutating func clusters() -> [Int] {
        var firstOfRoot = [Int](repeating: -1, count: parent.count)
        var result = [Int](repeating: 0, count: parent.count)
        for i in 0..<parent.count {
            let root = find(i)
            if firstOfRoot[root] < 0 { firstOfRoot[root] = i }
            result[i] = firstOfRoot[root]
        }
        return result
    }
}
