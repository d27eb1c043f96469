public import DanCuCore

/// Where an officer may act: one ward, one province, or the nation (current administrative units).
public enum Jurisdiction: Hashable, Sendable, CustomStringConvertible {
    case ward(String)
    case province(String)
    case nation

    public enum Level: String, Sendable { case ward, province, nation }

    public var level: Level {
        switch self {
        case .ward: .ward
        case .province: .province
        case .nation: .nation
        }
    }

    /// "ward:00004", "province:01" or "nation".
    public var description: String {
        switch self {
        case .ward(let code): "ward:\(code)"
        case .province(let code): "province:\(code)"
        case .nation: "nation"
        }
    }

    /// Parses the form of `description`, checking the code against the current administrative units.
    public init(parsing text: String, units: AdministrativeUnits) throws(AccessError) {
        if text == "nation" {
            self = .nation
            return
        }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw .invalid(field: "jurisdiction", detail: "write ward:CODE, province:CODE or nation")
        }
        switch parts[0] {
        case "ward":
            guard units.ward(parts[1]) != nil else { throw .invalid(field: "jurisdiction", detail: "no current ward \(parts[1])") }
            self = .ward(parts[1])
        case "province":
            guard units.province(parts[1]) != nil else { throw .invalid(field: "jurisdiction", detail: "no current province \(parts[1])") }
            self = .province(parts[1])
        default:
            throw .invalid(field: "jurisdiction", detail: "write ward:CODE, province:CODE or nation")
        }
    }

    /// Whether a place with these current wards and provinces lies within the jurisdiction.
    public func covers(_ area: Area) -> Bool {
        switch self {
        case .nation: true
        case .ward(let code): area.wards.contains(code)
        case .province(let code): area.provinces.contains(code)
        }
    }
}

/// The current wards and provinces something belongs to: a person (where they live or were registered)
/// or a single place.
public struct Area: Sendable, Equatable {
    public var wards: Set<String> = []
    public var provinces: Set<String> = []

    public init(wards: Set<String> = [], provinces: Set<String> = []) {
        self.wards = wards
        self.provinces = provinces
    }

    /// The places a person is attached to: permanent, temporary and current residence, and where the
    /// birth was registered. A pre-reform ward counts for every current ward it became part of.
    public init(of person: Person, units: AdministrativeUnits) {
        let places = [
            person.permanentResidence?.place, person.temporaryResidence?.place, person.currentResidence,
            person.birthRegistrationPlace,
        ].compactMap { $0 }
        for place in places { add(place, units: units) }
    }

    public init(of place: Place, units: AdministrativeUnits) {
        add(place, units: units)
    }

    mutating func add(_ place: Place, units: AdministrativeUnits) {
        switch place.unitList {
        case .current:
            if let code = place.wardCode, let ward = units.ward(code) {
                wards.insert(ward.code)
                provinces.insert(ward.provinceCode)
            } else if let province = place.provinceCode, units.province(province) != nil {
                provinces.insert(province)
            }
        case .legacy:
            if let code = place.wardCode {
                switch units.convert(legacyWardCode: code) {
                case .certain(let ward):
                    wards.insert(ward.code)
                    provinces.insert(ward.provinceCode)
                case .needsDecision(let candidates, _):
                    for ward in candidates {
                        wards.insert(ward.code)
                        provinces.insert(ward.provinceCode)
                    }
                case .unknown: break
                }
            }
            if let old = place.provinceCode, let current = units.provinceConversion[old] {
                provinces.insert(current)
            }
        }
    }
}
