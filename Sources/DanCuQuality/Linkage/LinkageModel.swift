import Foundation

/// A Fellegi–Sunter model: for each field and level of agreement, how likely that level is between two
/// records of the same person (m) and between two records of different people (u), and how likely two
/// records drawn at random are the same person (the prior). A pair's match weight is the log₂ of its
/// odds of being one person; each field adds log₂(m/u) for the level it shows.
public struct LinkageModel: Codable, Sendable, Equatable {
    public var prior: Double
    /// `m[field][level]` and `u[field][level]`, indexed by `LinkageField.rawValue`; level 0 (missing) unused.
    public var m: [[Double]]
    public var u: [[Double]]

    public init(prior: Double, m: [[Double]], u: [[Double]]) {
        self.prior = prior
        self.m = m
        self.u = u
    }

    /// The weight a field's level adds, without term frequencies.
    public func weight(_ field: LinkageField, level: Int) -> Double {
        guard level > 0 else { return 0 }
        return log2(m[field.rawValue][level] / u[field.rawValue][level])
    }

    /// The prior as a weight: log₂ of the odds that two random records are one person.
    public var priorWeight: Double { log2(prior / (1 - prior)) }

    public static func probability(weight: Double) -> Double {
        let odds = exp2(weight)
        return odds.isInfinite ? 1 : odds / (1 + odds)
    }
}
