/// Coded values of the register. Ethnicity and nationality lists come from reference tables; the short,
/// stable lists are enums.

public struct Ethnicity: Hashable, Sendable, Codable {
    /// Two-digit code in the order of the General Statistics Office list (01 Kinh … 54).
    public let code: String
    public let name: String
    public let population2019: Int
}

public struct Nationality: Hashable, Sendable, Codable {
    /// ISO 3166-1 alpha-3.
    public let code: String
    public let englishName: String
    public let vietnameseName: String
}

/// Tôn giáo: "none" and the religions and religious organisations recognised in Viet Nam, in the order of
/// the Government Committee for Religious Affairs list.
public enum Religion: String, Codable, Sendable, CaseIterable {
    case none
    case buddhism, catholicism, protestantism, islam, caoDai, hoaHao, bahai
    case tinhDoCuSiPhatHoi, tuAnHieuNghia, buuSonKyHuong, minhSuDao, minhLyDao, brahmanism
    case latterDaySaints, phatGiaoHieuNghiaTaLon, seventhDayAdventist, other

    public var vietnamese: String {
        switch self {
        case .none: "Không"
        case .buddhism: "Phật giáo"
        case .catholicism: "Công giáo"
        case .protestantism: "Tin lành"
        case .islam: "Hồi giáo"
        case .caoDai: "Cao Đài"
        case .hoaHao: "Phật giáo Hòa Hảo"
        case .bahai: "Baha'i"
        case .tinhDoCuSiPhatHoi: "Tịnh độ Cư sĩ Phật hội Việt Nam"
        case .tuAnHieuNghia: "Tứ Ân Hiếu Nghĩa"
        case .buuSonKyHuong: "Bửu Sơn Kỳ Hương"
        case .minhSuDao: "Minh Sư Đạo"
        case .minhLyDao: "Minh Lý Đạo - Tam Tông Miếu"
        case .brahmanism: "Bà-la-môn"
        case .latterDaySaints: "Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô"
        case .phatGiaoHieuNghiaTaLon: "Phật giáo Hiếu Nghĩa Tà Lơn"
        case .seventhDayAdventist: "Cơ đốc Phục lâm"
        case .other: "Khác"
        }
    }
}

/// Nhóm máu: ABO and Rh, or not yet known.
public enum BloodGroup: String, Codable, Sendable, CaseIterable {
    case aPositive = "A+"
    case aNegative = "A-"
    case bPositive = "B+"
    case bNegative = "B-"
    case abPositive = "AB+"
    case abNegative = "AB-"
    case oPositive = "O+"
    case oNegative = "O-"
    case unknown
}

/// Tình trạng hôn nhân.
public enum MaritalStatus: String, Codable, Sendable, CaseIterable {
    case single, married, divorced, widowed

    public var vietnamese: String {
        switch self {
        case .single: "Chưa kết hôn"
        case .married: "Đã kết hôn"
        case .divorced: "Đã ly hôn"
        case .widowed: "Góa"
        }
    }
}

/// Quan hệ với chủ hộ.
public enum RelationshipToHead: String, Codable, Sendable, CaseIterable {
    case head, spouse, child, father, mother, grandchild, grandparent, sibling, childInLaw
    case parentInLaw, niblingOrCousin, otherRelative, nonRelative

    public var vietnamese: String {
        switch self {
        case .head: "Chủ hộ"
        case .spouse: "Vợ/chồng"
        case .child: "Con"
        case .father: "Cha"
        case .mother: "Mẹ"
        case .grandchild: "Cháu"
        case .grandparent: "Ông/bà"
        case .sibling: "Anh/chị/em"
        case .childInLaw: "Con dâu/con rể"
        case .parentInLaw: "Cha/mẹ vợ/chồng"
        case .niblingOrCousin: "Cháu/anh chị em họ"
        case .otherRelative: "Họ hàng khác"
        case .nonRelative: "Không có quan hệ họ hàng"
        }
    }
}
