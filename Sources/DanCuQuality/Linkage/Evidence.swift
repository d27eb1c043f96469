/// What one field of a pair showed, in words an officer can act on, with the weight it added.
public struct Evidence: Sendable, Hashable, Codable {
    public let field: LinkageField
    public let level: Int
    /// log₂ of the odds this field's level adds (negative: evidence against).
    public let weight: Double
    /// For a name that agrees: the share of records that carry it (a common name says less).
    public let frequency: Double?

    public var english: String { Self.english(field, level, common: isCommon) }
    public var vietnamese: String { Self.vietnamese(field, level, common: isCommon) }

    /// A name carried by more than one record in a hundred.
    var isCommon: Bool { (frequency ?? 0) > 0.01 }

    static func english(_ field: LinkageField, _ level: Int, common: Bool) -> String {
        switch field {
        case .familyName, .givenName:
            let part = field == .familyName ? "family name" : "given name"
            let parts = field == .familyName ? "family names" : "given names"
            switch NameLevel(rawValue: level) ?? .missing {
            case .missing: return "no \(part) on one side"
            case .same: return common ? "same \(part), a common one" : "same \(part)"
            case .marksDiffer: return "\(parts) differ only in diacritics"
            case .oneEdit: return "\(parts) differ by one letter"
            case .twoEdits: return "\(parts) differ by two letters"
            case .otherCommonName: return "different \(parts), both in common use"
            case .different: return "different \(parts)"
            }
        case .middleName:
            switch MiddleNameLevel(rawValue: level) ?? .bothMissing {
            case .bothMissing: return "no middle names"
            case .same: return "same middle name"
            case .missingOnOneSide: return "middle name missing on one side"
            case .oneEdit: return "middle names differ by one letter"
            case .different: return "different middle names"
            }
        case .dateOfBirth:
            switch DateLevel(rawValue: level) ?? .missing {
            case .missing: return "no date of birth on one side"
            case .same: return "same date of birth"
            case .dayMonthSwapped: return "day and month of birth swapped"
            case .monthAgrees: return "date of birth known only by month and year, and they agree"
            case .yearAgrees: return "date of birth known only by year, and it agrees"
            case .sameYearAndMonth: return "same month and year of birth, different day"
            case .sameYear: return "same year of birth, different day and month"
            case .yearsOneApart: return "years of birth one apart"
            case .different: return "different dates of birth"
            }
        case .sex:
            return (SexLevel(rawValue: level) ?? .missing) == .different ? "different sex" : level == 0 ? "sex unknown on one side" : "same sex"
        case .residence:
            switch ResidenceLevel(rawValue: level) ?? .missing {
            case .missing: return "no residence on one side"
            case .sameWard: return "same ward"
            case .sameProvince: return "different wards of the same province"
            case .differentProvince: return "different provinces"
            }
        case .personalNumber:
            switch NumberLevel(rawValue: level) ?? .missing {
            case .missing: return "no personal number on one side"
            case .same: return "same personal number"
            case .oneDigit: return "personal numbers differ by one digit"
            case .different: return "different personal numbers"
            }
        }
    }

    static func vietnamese(_ field: LinkageField, _ level: Int, common: Bool) -> String {
        switch field {
        case .familyName, .givenName:
            let part = field == .familyName ? "họ" : "tên"
            switch NameLevel(rawValue: level) ?? .missing {
            case .missing: return "một bên không có \(part)"
            case .same: return common ? "cùng \(part), \(part) phổ biến" : "cùng \(part)"
            case .marksDiffer: return "\(part) chỉ khác dấu"
            case .oneEdit: return "\(part) khác một chữ cái"
            case .twoEdits: return "\(part) khác hai chữ cái"
            case .otherCommonName: return "khác \(part), cả hai đều là \(part) thông dụng"
            case .different: return "khác \(part)"
            }
        case .middleName:
            switch MiddleNameLevel(rawValue: level) ?? .bothMissing {
            case .bothMissing: return "cả hai không có chữ đệm"
            case .same: return "cùng chữ đệm"
            case .missingOnOneSide: return "một bên thiếu chữ đệm"
            case .oneEdit: return "chữ đệm khác một chữ cái"
            case .different: return "khác chữ đệm"
            }
        case .dateOfBirth:
            switch DateLevel(rawValue: level) ?? .missing {
            case .missing: return "một bên không có ngày sinh"
            case .same: return "cùng ngày sinh"
            case .dayMonthSwapped: return "ngày và tháng sinh bị đảo"
            case .monthAgrees: return "ngày sinh chỉ biết tháng và năm, khớp nhau"
            case .yearAgrees: return "ngày sinh chỉ biết năm, khớp nhau"
            case .sameYearAndMonth: return "cùng tháng và năm sinh, khác ngày"
            case .sameYear: return "cùng năm sinh, khác ngày và tháng"
            case .yearsOneApart: return "năm sinh lệch một"
            case .different: return "khác ngày sinh"
            }
        case .sex:
            return (SexLevel(rawValue: level) ?? .missing) == .different ? "khác giới tính" : level == 0 ? "một bên không rõ giới tính" : "cùng giới tính"
        case .residence:
            switch ResidenceLevel(rawValue: level) ?? .missing {
            case .missing: return "một bên không có nơi cư trú"
            case .sameWard: return "cùng xã, phường"
            case .sameProvince: return "khác xã, phường trong cùng tỉnh"
            case .differentProvince: return "khác tỉnh"
            }
        case .personalNumber:
            switch NumberLevel(rawValue: level) ?? .missing {
            case .missing: return "một bên không có số định danh"
            case .same: return "cùng số định danh"
            case .oneDigit: return "số định danh khác một chữ số"
            case .different: return "khác số định danh"
            }
        }
    }
}

/// The evidence of one pair, strongest first, read the way an officer would say it.
public struct Explanation: Sendable, Hashable {
    public let evidence: [Evidence]

    public var english: String { evidence.map(\.english).joined(separator: "; ") }
    public var vietnamese: String { evidence.map(\.vietnamese).joined(separator: "; ") }
}
