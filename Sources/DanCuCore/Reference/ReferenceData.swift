import Foundation

/// The reference tables shipped with DanCu, loaded once. Reading the package's own resources is the only
/// file access in the core; the values are immutable afterwards.
public struct ReferenceData: Sendable {
    public let units: AdministrativeUnits
    public let ethnicities: [Ethnicity]
    public let nationalities: [Nationality]
    private let ethnicityByCode: [String: Ethnicity]
    private let nationalityByCode: [String: Nationality]

    /// The tables bundled with this build.
    public static let bundled: ReferenceData = ReferenceData(loader: { name in
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "reference"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return CSVTable(text: "") }
        return CSVTable(text: text)
    })

    public init(loader: (String) -> CSVTable) {
        units = AdministrativeUnits(
            provinces: loader("provinces"), wards: loader("wards"), legacyProvinces: loader("provinces_legacy"),
            legacyDistricts: loader("districts_legacy"), legacyWards: loader("wards_legacy"),
            legacyPopulation: loader("provinces_legacy_population_2019"),
            provinceConversion: loader("province_conversion_2025"), wardConversion: loader("ward_conversion_2025"))
        ethnicities = loader("ethnic-groups").records.map {
            Ethnicity(code: $0["code"] ?? "", name: $0["name"] ?? "", population2019: Int($0["population_2019_approx"] ?? "") ?? 0)
        }
        nationalities = loader("nationalities").records.map {
            Nationality(code: $0["alpha3"] ?? "", englishName: $0["name_en"] ?? "", vietnameseName: $0["name_vi"] ?? "")
        }
        ethnicityByCode = Dictionary(ethnicities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        nationalityByCode = Dictionary(nationalities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func ethnicity(_ code: String) -> Ethnicity? { ethnicityByCode[code] }
    public func nationality(_ code: String) -> Nationality? { nationalityByCode[code] }
}
