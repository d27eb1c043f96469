/// A small, fast, seedable generator: the synthetic population must be the same for the same seed on
/// every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

/// Picks items in proportion to their weights by binary search over cumulative weights.
public struct WeightedTable<Item: Sendable>: Sendable {
    private let items: [Item]
    private let cumulative: [Double]

    public init(_ pairs: [(Item, Double)]) {
        items = pairs.map(\.0)
        var total = 0.0
        cumulative = pairs.map {
            total += max(0, $0.1)
            return total
        }
    }

    public func pick(_ rng: inout SplitMix64) -> Item? {
        guard let total = cumulative.last, total > 0 else { return nil }
        let x = rng.unit() * total
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return items[lo]
    }
}
