/// Provinces and wards since the 1 July 2025 reform (34 / 3,321), the pre-reform lists (63 / 696 / 10,035)
/// and the conversion between them. Addresses recorded before the reform keep their old codes; the register
/// shows current names through the conversion.
public struct Province: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let shortName: String
}

public struct Ward: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let type: String
    public let provinceCode: String
}

public struct LegacyDistrict: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let provinceCode: String
}

public struct LegacyWard: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let districtCode: String
    public let provinceCode: String
}

/// One row of the official old-ward → new-ward table. A split ward has several targets; one is the usual.
public struct WardConversion: Hashable, Sendable {
    public let oldWardCode: String
    public let newWardCode: String
    public let isPartlyMerged: Bool
    public let isDefaultTarget: Bool
}

/// The outcome of converting a pre-reform ward: certain, a choice a person must make, or unknown.
public enum WardConversionResult: Equatable, Sendable {
    case certain(Ward)
    case needsDecision(candidates: [Ward], usual: Ward?)
    case unknown
}

public struct AdministrativeUnits: Sendable {
    public let provinces: [Province]
    public let wards: [Ward]
    public let legacyProvinces: [Province]
    public let legacyDistricts: [LegacyDistrict]
    public let legacyWards: [LegacyWard]
    public let legacyProvincePopulation2019: [String: Int]
    /// Old 2-digit province code → new 2-digit province code.
    public let provinceConversion: [String: String]

    private let wardsByCode: [String: Ward]
    private let provincesByCode: [String: Province]
    private let legacyProvincesByCode: [String: Province]
    private let legacyWardsByCode: [String: LegacyWard]
    private let conversionsByOldWard: [String: [WardConversion]]
    public let wardsByProvince: [String: [Ward]]

    public init(
        provinces: CSVTable, wards: CSVTable, legacyProvinces: CSVTable, legacyDistricts: CSVTable,
        legacyWards: CSVTable, legacyPopulation: CSVTable, provinceConversion: CSVTable, wardConversion: CSVTable
    ) {
        self.provinces = provinces.records.map {
            Province(code: $0["province_code"] ?? "", name: $0["name"] ?? "", shortName: $0["short_name"] ?? "")
        }
        self.wards = wards.records.map {
            Ward(
                code: $0["ward_code"] ?? "", name: $0["name"] ?? "", type: $0["type"] ?? "",
                provinceCode: $0["province_code"] ?? "")
        }
        self.legacyProvinces = legacyProvinces.records.map {
            Province(code: $0["province_code"] ?? "", name: $0["name"] ?? "", shortName: $0["short_name"] ?? "")
        }
        self.legacyDistricts = legacyDistricts.records.map {
            LegacyDistrict(code: $0["district_code"] ?? "", name: $0["name"] ?? "", provinceCode: $0["province_code"] ?? "")
        }
        self.legacyWards = legacyWards.records.map {
            LegacyWard(
                code: $0["ward_code"] ?? "", name: $0["name"] ?? "", districtCode: $0["district_code"] ?? "",
                provinceCode: $0["province_code"] ?? "")
        }
        var population: [String: Int] = [:]
        for r in legacyPopulation.records {
            if let code = r["province_code"], let n = Int(r["population_2019_approx"] ?? "") { population[code] = n }
        }
        legacyProvincePopulation2019 = population
        var conversion: [String: String] = [:]
        for r in provinceConversion.records {
            if let old = r["old_province_code"], let new = r["new_province_code"] { conversion[old] = new }
        }
        self.provinceConversion = conversion
        var byOld: [String: [WardConversion]] = [:]
        for r in wardConversion.records {
            guard let old = r["old_ward_code"], let new = r["new_ward_code"] else { continue }
            byOld[old, default: []].append(
                WardConversion(
                    oldWardCode: old, newWardCode: new,
                    isPartlyMerged: r["is_partly_merged"] == "1", isDefaultTarget: r["is_default_target"] == "1"))
        }
        conversionsByOldWard = byOld
        wardsByCode = Dictionary(self.wards.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        provincesByCode = Dictionary(self.provinces.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        legacyProvincesByCode = Dictionary(self.legacyProvinces.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        legacyWardsByCode = Dictionary(self.legacyWards.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        wardsByProvince = Dictionary(grouping: self.wards, by: \.provinceCode)
    }

    public func ward(_ code: String) -> Ward? { wardsByCode[code] }
    public func province(_ code: String) -> Province? { provincesByCode[code] }
    public func legacyProvince(_ code: String) -> Province? { legacyProvincesByCode[code] }
    public func legacyWard(_ code: String) -> LegacyWard? { legacyWardsByCode[code] }

    /// The pre-reform province of a personal number's place code ("001" → Hà Nội), nil for a country code.
    public func birthRegistrationProvince(of number: PersonalNumber) -> Province? {
        guard !number.isRegisteredAbroad else { return nil }
        return legacyProvince(String(number.placeCode.suffix(2)))
    }

    /// Converts a pre-reform ward to the current list; automatic only where the target is certain.
    public func convert(legacyWardCode code: String) -> WardConversionResult {
        guard let rows = conversionsByOldWard[code], !rows.isEmpty else { return .unknown }
        let targets = rows.compactMap { ward($0.newWardCode) }
        if rows.count == 1, let only = targets.first, !rows[0].isPartlyMerged { return .certain(only) }
        let usual = rows.first(where: \.isDefaultTarget).flatMap { ward($0.newWardCode) }
        return .needsDecision(candidates: targets, usual: usual)
    }
}
