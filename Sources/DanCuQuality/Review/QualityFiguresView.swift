public import DanCuAccess
public import DanCuCore

/// The register's quality figures as an officer or a dashboard may read them: counts and shares per
/// area of the officer's jurisdiction, never a person. Small cells are suppressed, so that a figure
/// cannot single anyone out: an area of fewer than `minimumCell` measured people shows nothing but
/// that it is suppressed, and a rule broken by fewer than `minimumCell` people of a shown area shows no
/// count.
public struct QualityFiguresView: Sendable {
    public let scores: QualityScores
    public let gate: Gate
    let units: AdministrativeUnits

    public static let minimumCell = 10

    public init(scores: QualityScores, gate: Gate, units: AdministrativeUnits) {
        self.scores = scores
        self.gate = gate
        self.units = units
    }

    public enum Level: String, Sendable { case nation, province, ward }

    public struct Area: Sendable, Equatable {
        public let level: Level
        /// "VN", a province's code or a ward's (current units).
        public let code: String
        public let name: String
        /// Nil when the area is suppressed.
        public let records: Int?
        /// The share keeping each dimension; nil for a dimension kept or broken by fewer than
        /// `minimumCell` people (but some), whose share would give their count away.
        public let shares: [QualityDimension: Double?]
        public let meanCompleteness: Double?
        /// People breaking each rule; a rule broken by no one is absent, one broken by fewer than
        /// `minimumCell` people is present with nil.
        public let breaking: [QualityRule: Int?]

        public var suppressed: Bool { records == nil }
    }

    /// The nation and its provinces for the central office; with `province`, that province and its
    /// wards (a province officer's own, by default); a commune officer's ward alone.
    public func figures(province: String?, for request: AccessRequest) async throws -> [Area] {
        if let province, units.province(province) == nil {
            throw QualityError.invalid(field: "province", detail: "is not a current province code")
        }
        let jurisdiction = request.officer.jurisdiction
        let asked: String?
        switch jurisdiction {
        case .province(let own): asked = province ?? own
        case .ward(let ward): asked = province ?? units.ward(ward)?.provinceCode
        case .nation: asked = province
        }
        let scope = asked.map { DanCuAccess.Area(wards: [], provinces: [$0]) } ?? DanCuAccess.Area()
        var need = AccessPolicy.Need.qualityFigures
        if case .ward(let ward) = jurisdiction {
            // A commune officer reads their own ward, and only inside its own province.
            let own = units.ward(ward)?.provinceCode == asked
            need = AccessPolicy.Need(needsPurpose: false, need.rules + [Within(DanCuAccess.Area(wards: own ? [ward] : [], provinces: scope.provinces))])
        } else if asked != nil {
            need = AccessPolicy.Need(needsPurpose: false, need.rules + [Within(scope)])
        }
        try await gate.permit(request, need, action: "quality-figures")
        let figures = try await scores.figures(province: asked)
        guard let asked else {
            return [area(.nation, "VN", "Việt Nam", figures.nation)]
                + figures.provinces.keys.sorted().map { area(.province, $0, units.province($0)?.name ?? "", figures.provinces[$0] ?? QualityTally()) }
        }
        let province = area(.province, asked, units.province(asked)?.name ?? "", figures.provinces[asked] ?? QualityTally())
        let wards = figures.wards.keys.sorted().map { area(.ward, $0, units.ward($0)?.name ?? "", figures.wards[$0] ?? QualityTally()) }
        if case .ward(let own) = jurisdiction { return wards.filter { $0.code == own } }
        return [province] + wards
    }

    func area(_ level: Level, _ code: String, _ name: String, _ tally: QualityTally) -> Area {
        guard tally.records >= Self.minimumCell else {
            return Area(level: level, code: code, name: name, records: nil, shares: [:], meanCompleteness: nil, breaking: [:])
        }
        var breaking: [QualityRule: Int?] = [:]
        for (rule, count) in tally.breaking where count > 0 {
            let shown: Int? = count >= Self.minimumCell ? count : nil
            breaking.updateValue(shown, forKey: rule)  // a subscript would drop the key for nil
        }
        var shares: [QualityDimension: Double?] = [:]
        for dimension in QualityDimension.allCases {
            let keeping = tally.keeping[dimension] ?? 0
            let small = { (count: Int) in count > 0 && count < Self.minimumCell }
            let share: Double? = small(keeping) || small(tally.records - keeping) ? nil : tally.share(dimension)
            shares.updateValue(share, forKey: dimension)
        }
        return Area(level: level, code: code, name: name, records: tally.records, shares: shares, meanCompleteness: tally.meanCompleteness, breaking: breaking)
    }
}
