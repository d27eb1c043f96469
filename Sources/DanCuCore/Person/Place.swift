/// A place as the register records it: a ward (current or pre-reform code list), the province, the country,
/// and the detail a person writes (house number, street, hamlet). Places abroad carry only a country.
public struct Place: Hashable, Codable, Sendable {
    public enum UnitList: String, Codable, Sendable, CaseIterable {
        /// Codes since 1 July 2025 (34 provinces, wards directly under them).
        case current
        /// Codes before 1 July 2025 (63 provinces, districts, wards); kept as recorded.
        case legacy
    }

    public var country: String
    public var provinceCode: String?
    public var wardCode: String?
    public var unitList: UnitList
    public var detail: String?

    public init(
        country: String = "VNM", provinceCode: String? = nil, wardCode: String? = nil,
        unitList: UnitList = .current, detail: String? = nil
    ) {
        self.country = country
        self.provinceCode = provinceCode
        self.wardCode = wardCode
        self.unitList = unitList
        self.detail = detail
    }
}

/// Thường trú or tạm trú: a place with the date it began and, for temporary residence, when it ends.
public struct Residence: Hashable, Codable, Sendable {
    public var place: Place
    public var since: LocalDate
    public var until: LocalDate?

    public init(place: Place, since: LocalDate, until: LocalDate? = nil) {
        self.place = place
        self.since = since
        self.until = until
    }
}

/// Lưu trú: a stay of less than 30 days, notified by the host or accommodation.
public struct StayNotice: Hashable, Codable, Sendable {
    public var place: Place
    public var from: LocalDate
    public var until: LocalDate
    public var host: String

    public init(place: Place, from: LocalDate, until: LocalDate, host: String) {
        self.place = place
        self.from = from
        self.until = until
        self.host = host
    }
}

/// Tạm vắng: a declared absence from the place of residence.
public struct TemporaryAbsence: Hashable, Codable, Sendable {
    public var from: LocalDate
    public var until: LocalDate
    public var destination: Place?
    public var reason: String

    public init(from: LocalDate, until: LocalDate, destination: Place? = nil, reason: String) {
        self.from = from
        self.until = until
        self.destination = destination
        self.reason = reason
    }
}
