/// The fields two records are compared on, and the levels of agreement each can show. Level 0 is
/// always "nothing to compare" (a value missing on one side): it adds no evidence either way.
public enum LinkageField: Int, CaseIterable, Codable, Sendable {
    case familyName
    case middleName
    case givenName
    case dateOfBirth
    case sex
    case residence
    case personalNumber

    /// The number of levels, level 0 included.
    public var levelCount: Int {
        switch self {
        case .familyName, .givenName: NameLevel.allCases.count
        case .middleName: MiddleNameLevel.allCases.count
        case .dateOfBirth: DateLevel.allCases.count
        case .sex: SexLevel.allCases.count
        case .residence: ResidenceLevel.allCases.count
        case .personalNumber: NumberLevel.allCases.count
        }
    }

    /// The bit offset of this field's level in a packed comparison vector (4 bits a field).
    var shift: UInt32 { UInt32(rawValue * 4) }
}

public enum NameLevel: Int, CaseIterable, Sendable {
    case missing, same, marksDiffer, oneEdit, twoEdits
    /// A letter or two apart, but both are names in common use (Yến and Uyên, Lê and Lý): two names, not a typo.
    case otherCommonName
    case different
}

public enum MiddleNameLevel: Int, CaseIterable, Sendable {
    case bothMissing, same, missingOnOneSide, oneEdit, different
}

public enum DateLevel: Int, CaseIterable, Sendable {
    case missing, same, dayMonthSwapped
    /// One date known only by year and month, and the other agrees with it.
    case monthAgrees
    /// One date known only by its year, and the other agrees with it.
    case yearAgrees
    case sameYearAndMonth, sameYear, yearsOneApart, different
}

public enum SexLevel: Int, CaseIterable, Sendable {
    case missing, same, different
}

public enum ResidenceLevel: Int, CaseIterable, Sendable {
    case missing, sameWard, sameProvince, differentProvince
}

public enum NumberLevel: Int, CaseIterable, Sendable {
    case missing, same, oneDigit, different
}

/// The levels of all fields for one pair, 4 bits a field.
public struct ComparisonVector: Hashable, Sendable {
    public var packed: UInt32

    public init(packed: UInt32) { self.packed = packed }

    public subscript(field: LinkageField) -> Int {
        Int((packed >> field.shift) & 0xF)
    }

    init(family: NameLevel, middle: MiddleNameLevel, given: NameLevel, date: DateLevel, sex: SexLevel, residence: ResidenceLevel, number: NumberLevel) {
        var p = UInt32(family.rawValue)
        p |= UInt32(middle.rawValue) << LinkageField.middleName.shift
        p |= UInt32(given.rawValue) << LinkageField.givenName.shift
        p |= UInt32(date.rawValue) << LinkageField.dateOfBirth.shift
        p |= UInt32(sex.rawValue) << LinkageField.sex.shift
        p |= UInt32(residence.rawValue) << LinkageField.residence.shift
        p |= UInt32(number.rawValue) << LinkageField.personalNumber.shift
        packed = p
    }
}
