import DanCuCore

/// Name material for synthetic people. Kinh names are a surname (Nguyễn about 38 %), usually one middle
/// name and a given name, whose fashions change with the decade of birth: "Thị" and "Văn" fade, old
/// names (Cúc, Lợi) give way to new ones (Khang, Hân), and some children born since 2000 carry their
/// mother's surname too. Many minority peoples name differently (Giàng A Páo, H'Hen Niê, Thạch Thị Sa
/// Rây); `style(of:)` says how.
enum VietnameseNames {
    static let surnames = WeightedTable<String>([
        ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 3.2), ("Huỳnh", 1.9), ("Phan", 4.5),
        ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0),
        ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Lâm", 0.5), ("Mai", 0.5), ("Hà", 0.5), ("Đào", 0.5),
        ("Cao", 0.4), ("Lương", 0.4), ("Tạ", 0.3), ("Chu", 0.3), ("Trịnh", 0.4), ("Lưu", 0.3), ("Quách", 0.2),
        ("Thái", 0.2), ("Kiều", 0.2), ("Tô", 0.2), ("Vương", 0.2), ("Triệu", 0.2), ("Đoàn", 0.5), ("Tăng", 0.1),
        ("Phùng", 0.2), ("Từ", 0.1), ("Mạc", 0.1), ("Khúc", 0.05), ("Nghiêm", 0.1), ("Âu", 0.05), ("La", 0.1), ("Châu", 0.2),
        ("Thân", 0.1), ("Văn", 0.1), ("Doãn", 0.05), ("Giang", 0.1), ("Tôn", 0.05), ("Lạc", 0.03),
    ])

    /// The share of women given the middle name "Thị", and of men given "Văn", by year of birth.
    static func traditionalMiddle(sex: Sex, born year: Int) -> Double {
        let eras: [(before: Int, female: Double, male: Double)] = [
            (1960, 0.88, 0.72), (1975, 0.80, 0.62), (1985, 0.66, 0.48), (1995, 0.48, 0.32), (2005, 0.28, 0.18), (3000, 0.12, 0.08),
        ]
        let era = eras.first { year < $0.before } ?? eras[eras.count - 1]
        return sex == .female ? era.female : era.male
    }

    static let femaleMiddle = WeightedTable<String>(
        ranked([
            "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Kim", "Bảo", "Hồng", "Mai", "Khánh", "Thùy", "Hoài", "Diệu", "Quỳnh",
            "Gia", "Hà", "Tuệ", "Mỹ", "Thảo", "An", "Tường", "Lan", "Yến", "Bích", "Xuân", "Hải", "Thúy", "Cẩm", "Nhã", "Ánh",
        ]))
    static let maleMiddle = WeightedTable<String>(
        ranked([
            "Minh", "Đức", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Ngọc", "Anh", "Tuấn", "Hoàng", "Gia", "Trọng", "Bảo",
            "Quốc", "Đăng", "Nhật", "Thành", "Duy", "Tấn", "Phúc", "Trung", "Thế", "Khánh", "Thiện", "Mạnh", "Đình", "Chí",
            "Hải", "Việt",
        ]))

    /// Given names in three overlapping fashions: born before 1975, 1975–1999, and from 2000.
    static let femaleGiven: [WeightedTable<String>] = [
        WeightedTable(
            ranked([
                "Lan", "Hoa", "Hồng", "Cúc", "Mai", "Đào", "Hương", "Nga", "Thủy", "Hạnh", "Liên", "Loan", "Nhung", "Oanh", "Tuyết",
                "Xuân", "Thu", "Hà", "Hằng", "Hiền", "Dung", "Tâm", "Bích", "Lệ", "Nguyệt", "Phượng", "Sen", "Thoa", "Thơm", "Tươi",
                "Vân", "Yến", "Hường", "Lài", "Lý", "Nhàn", "Quế", "Út", "Tư", "Năm", "Sáu", "Bảy", "Chín", "Tám", "Gái", "Mận",
                "Lựu", "Huệ", "Cẩm", "Ngân", "Minh", "Tuyến", "Luyến", "Thắm", "Lụa", "Hợi", "Dần", "Mùi", "Ty", "Ngà",
            ])),
        WeightedTable(
            ranked([
                "Hương", "Trang", "Linh", "Hằng", "Huyền", "Thảo", "Phương", "Ngọc", "Hà", "Lan", "Anh", "Mai", "Nga", "Thủy",
                "Dung", "Hạnh", "Hiền", "Loan", "Nhung", "Oanh", "Quỳnh", "Tâm", "Thúy", "Trinh", "Tuyết", "Vân", "Yến", "Diệp",
                "Giang", "Hoa", "Hồng", "Liên", "Ly", "Nhàn", "Thu", "Thư", "Trâm", "Uyên", "Xuân", "Châu", "Duyên", "Hòa", "Kiều",
                "Lệ", "Nguyệt", "Nhi", "Phượng", "Sương", "Thanh", "Thoa", "Thùy", "Tiên", "Vy", "Ngân", "Hậu", "Mến", "Tươi",
            ])),
        WeightedTable(
            ranked([
                "Anh", "Ngọc", "Linh", "Vy", "Nhi", "Thư", "Trang", "Hân", "My", "Ngân", "Chi", "Hà", "Như", "Quỳnh", "Yến",
                "Trâm", "Uyên", "Thảo", "Phương", "Hương", "Giang", "Châu", "Diệp", "Hạ", "Khuê", "Lam", "Mai", "Tiên", "Tuệ",
                "Vân", "Thy", "Kim", "Khánh", "An", "Băng", "Cát", "Đan", "Hoa", "Huyền", "Ly", "Mẫn", "Nguyên", "Nhiên", "Quyên",
                "San", "Tâm", "Thanh", "Thùy", "Trúc", "Tường", "Vi", "Xuân", "Ánh", "Hiền", "Loan", "Nhung", "Oanh", "Diễm",
            ])),
    ]
    static let maleGiven: [WeightedTable<String>] = [
        WeightedTable(
            ranked([
                "Hùng", "Dũng", "Thắng", "Chiến", "Lợi", "Bình", "Hòa", "Sơn", "Hải", "Thanh", "Tuấn", "Minh", "Cường", "Quang",
                "Đức", "Tâm", "Phúc", "Thành", "Tiến", "Hưng", "Toàn", "Trung", "Nghĩa", "Khải", "Tùng", "Bảo", "Lâm", "Hiển",
                "Luân", "Kiên", "Thịnh", "Vượng", "Định", "Lực", "Mạnh", "Đông", "Hậu", "Lương", "Sáu", "Bảy", "Tám", "Út",
                "Tư", "Năm", "Cần", "Chí", "Dương", "Giáp", "Hợi", "Khoa", "Long", "Nam", "Phong", "Quý", "Sang", "Tài", "Thọ",
            ])),
        WeightedTable(
            ranked([
                "Anh", "Tuấn", "Hùng", "Dũng", "Minh", "Nam", "Long", "Hải", "Hiếu", "Quân", "Sơn", "Thắng", "Trung", "Việt",
                "Bình", "Cường", "Đạt", "Đức", "Hoàng", "Huy", "Khánh", "Lâm", "Phong", "Tài", "Thành", "Tùng", "Vinh", "Hưng",
                "Kiên", "Lộc", "Nghĩa", "Quý", "Thịnh", "Toàn", "Trí", "Vũ", "Duy", "Hào", "Hậu", "Hòa", "Khoa", "Linh", "Luân",
                "Nhân", "Phát", "Phúc", "Quang", "Sang", "Tân", "Thái", "Thanh", "Thiện", "Tiến", "Trọng", "Tú", "Tưởng", "Vương",
            ])),
        WeightedTable(
            ranked([
                "Minh", "Khang", "Bảo", "Huy", "Phúc", "Khôi", "Nam", "An", "Duy", "Kiệt", "Nhật", "Quân", "Đăng", "Hoàng", "Hiếu",
                "Lâm", "Long", "Thiện", "Tín", "Trí", "Vinh", "Vũ", "Khoa", "Khải", "Phong", "Đạt", "Tuấn", "Hưng", "Hải", "Sơn",
                "Lộc", "Thịnh", "Nguyên", "Thái", "Tâm", "Thành", "Toàn", "Tường", "Uy", "Việt", "Anh", "Dương", "Hào", "Kha",
                "Khoa", "Lân", "Nhân", "Phát", "Quang", "Sang", "Tài", "Thắng", "Thuận", "Tiến", "Trung", "Tú", "Vĩ", "Vương",
            ])),
    ]

    static func era(born year: Int) -> Int { year < 1975 ? 0 : year < 2000 ? 1 : 2 }

    /// Weights falling with rank, so that the first names of a list are common and the last rare.
    static func ranked(_ names: [String]) -> [(String, Double)] {
        names.enumerated().map { ($0.element, 1.0 / Double($0.offset + 25)) }
    }

    /// How a people names its children, where it differs from the Kinh: its surnames, its middle names
    /// for men and women, and given names of its own (else Kinh given names).
    struct Style {
        var surnames: [String]
        var maleMiddle: [String]
        var femaleMiddle: [String]
        var given: [String] = []
        /// Given name first, surname last (the Ê Đê and Gia Rai, with Y and H' for men and women).
        var givenFirst = false
    }

    static func style(of ethnicity: String) -> Style? {
        switch ethnicity {
        case "02":
            Style(
                surnames: ["Hoàng", "Nông", "Lục", "Ma", "Hà", "Bế", "Lương", "Vi", "Đàm", "Triệu", "Lăng", "Mông", "Hứa", "Lý"],
                maleMiddle: ["Văn", "Đức", "Minh"], femaleMiddle: ["Thị", "Thu", "Minh"])
        case "07":
            Style(
                surnames: ["Hoàng", "Nông", "Lý", "Vi", "Lương", "Chu", "Mã", "Lộc", "Hà", "Triệu"],
                maleMiddle: ["Văn", "Đức"], femaleMiddle: ["Thị"])
        case "03":
            Style(
                surnames: ["Lò", "Cầm", "Quàng", "Lường", "Tòng", "Lù", "Vi", "Hà", "Lộc", "Mè", "Điêu", "Sầm", "Bạc"],
                maleMiddle: ["Văn"], femaleMiddle: ["Thị"],
                given: ["Ún", "Pánh", "Ín", "Khằm", "Piếng", "Thoong", "Chiến", "Sơn", "Xuân", "Hương", "Bun", "Ngoan", "Chăm", "Phanh"])
        case "06": Style(surnames: ["Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao", "Phạm", "Bạch"], maleMiddle: ["Văn", "Công"], femaleMiddle: ["Thị"])
        case "08":
            Style(
                surnames: ["Giàng", "Vàng", "Sùng", "Thào", "Lầu", "Mùa", "Hầu", "Lý", "Ly", "Mua", "Chảo", "Hạng", "Tráng", "Cứ"],
                maleMiddle: ["A", "Seo", "Mí", "Chứ", "Văn"], femaleMiddle: ["Thị"],
                given: [
                    "Páo", "Dình", "Sử", "Chu", "Pó", "Lử", "Dế", "Chá", "Pàng", "Mỷ", "Mỉ", "Dua", "Sinh", "Súa", "Cở", "Máy",
                    "Dợ", "Chía", "Say", "Vừ", "Lềnh", "Tủa", "Sình", "Nhìa",
                ])
        case "09":
            Style(
                surnames: ["Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn", "Hoàng"], maleMiddle: ["Văn", "Tài", "Phúc"],
                femaleMiddle: ["Thị", "Mùi"], given: ["Vần", "Lở", "Mẩy", "Phin", "Sinh", "Quyên", "Chòi", "Kiềm", "Mềnh", "Dào", "Chẳn", "Liều"])
        case "05":
            Style(
                surnames: ["Thạch", "Sơn", "Kim", "Danh", "Lâm", "Châu", "Huỳnh", "Lý", "Trịnh"], maleMiddle: ["Minh", "Văn", "Sóc"],
                femaleMiddle: ["Thị", "Sà"],
                given: [
                    "Sa Rây", "Sô Phách", "Sóc Kha", "Chanh Đa", "Sô Thi", "Ry Na", "Sà Rết", "Đa Ra",
                    "Sang", "Thol", "Chenda", "Sa Ron", "Pho", "Khal", "Sóc", "Phanh",
                ])
        case "04":
            Style(
                surnames: ["Lý", "Trần", "Quách", "Lâm", "Dương", "Hứa", "Mã", "Tăng", "Châu", "La", "Lưu", "Ông", "Trương", "Giang"],
                maleMiddle: ["Quốc", "Vĩnh", "Gia", "Văn", "Kiến"], femaleMiddle: ["Huệ", "Mỹ", "Thị", "Ngọc", "Tú"])
        case "12", "10":
            Style(
                surnames: ethnicity == "12"
                    ? ["Niê", "Êban", "Byă", "Mlô", "Ksơr", "Adrơng", "Buôn Yă", "Hwing"]
                    : ["Ksor", "Siu", "Rơ Mah", "Rơ Châm", "Kpă", "Nay", "Rah Lan", "Puih"],
                maleMiddle: ["Y"], femaleMiddle: ["H'"],
                given: ["Ngông", "Hen", "Bơ", "Liên", "Blik", "Đen", "Thu", "Nga", "Phiên", "Khăm", "Yuih", "Ngơm", "Hlim", "Jú", "Sao", "Hoa"],
                givenFirst: true)
        case "16", "20", "22", "28", "36":
            Style(
                surnames: ["K'", "Ka", "Điểu", "Kră", "Liêng", "Touneh", "Bon"], maleMiddle: ["Văn", ""], femaleMiddle: ["Thị", ""],
                given: ["Brèo", "Jăn", "Lang", "Điểu", "Brăh", "Kơ", "Bình", "Hoa", "Yên", "Rin", "Sre", "Mai", "Nhơn", "Thơm"])
        case "13", "14", "19", "23", "26", "27", "30", "31", "44":
            Style(
                surnames: ["Đinh", "Hồ", "A Lăng", "Bríu", "Pơloong", "Clâu", "Arất", "Bhling", "Y", "A"], maleMiddle: ["Văn", ""],
                femaleMiddle: ["Thị", ""], given: ["Blưu", "Ui", "Lung", "Nhiên", "Dương", "Vân", "Bốn", "Pố", "Thoa", "Dúi", "Xiêng", "Pui", "Hồi"])
        case "17":
            Style(
                surnames: ["Đàng", "Thạch", "Lưu", "Trượng", "Quảng", "Bá", "Thông", "Hán", "Phú", "Châu"], maleMiddle: ["Văn", "Minh"],
                femaleMiddle: ["Thị"])
        default: nil
        }
    }
}
