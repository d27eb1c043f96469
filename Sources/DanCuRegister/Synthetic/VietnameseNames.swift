/// Name material for synthetic people: surnames with their approximate shares among Vietnamese
/// (Nguyễn about 38%), and common middle and given names by sex.
enum VietnameseNames {
    static let surnames = WeightedTable<String>([
        ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 3.2), ("Huỳnh", 1.9), ("Phan", 4.5),
        ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0),
        ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Lâm", 0.5), ("Mai", 0.5), ("Hà", 0.5), ("Đào", 0.5),
        ("Cao", 0.4), ("Lương", 0.4), ("Tạ", 0.3), ("Chu", 0.3), ("Trịnh", 0.4), ("Lưu", 0.3), ("Quách", 0.2),
        ("Thái", 0.2), ("Kiều", 0.2), ("Tô", 0.2), ("Vương", 0.2), ("Triệu", 0.2), ("Đoàn", 0.5), ("Tăng", 0.1),
    ])
    static let maleMiddle = WeightedTable<String>([
        ("Văn", 35), ("Đức", 8), ("Minh", 9), ("Quang", 7), ("Hữu", 6), ("Công", 5), ("Thanh", 5), ("Xuân", 4),
        ("Ngọc", 4), ("Anh", 4), ("Tuấn", 3), ("Hoàng", 3), ("Gia", 3), ("Trọng", 2), ("Bảo", 2),
    ])
    static let femaleMiddle = WeightedTable<String>([
        ("Thị", 45), ("Ngọc", 8), ("Thu", 6), ("Thanh", 6), ("Minh", 5), ("Phương", 4), ("Kim", 4), ("Bảo", 4),
        ("Hồng", 4), ("Mai", 3), ("Khánh", 3), ("Thùy", 3), ("Hoài", 2), ("Diệu", 2), ("Quỳnh", 1),
    ])
    static let maleGiven = WeightedTable<String>([
        "Anh", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Hải", "Hiếu", "Khoa", "Phúc", "Quân", "Sơn", "Thắng",
        "Trung", "Việt", "Bình", "Cường", "Đạt", "Đức", "Hoàng", "Huy", "Khánh", "Lâm", "Phong", "Tài", "Thành",
        "Tùng", "Vinh", "Bảo", "Hưng", "Kiên", "Lộc", "Nghĩa", "Quý", "Thịnh", "Toàn", "Trí", "Vũ", "An",
    ].enumerated().map { ($0.element, 1.0 / Double($0.offset + 8)) })
    static let femaleGiven = WeightedTable<String>([
        "Anh", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Uyên",
        "Vy", "Yến", "Hà", "Hằng", "Hoa", "Huyền", "Loan", "My", "Nga", "Nhi", "Thủy", "Thư", "Trâm", "Vân", "Xuân",
        "Giang", "Châu", "Hạnh", "Liên", "Ly", "Nhàn", "Tâm", "Thanh", "Tuyết", "Dung", "Hiền", "An",
    ].enumerated().map { ($0.element, 1.0 / Double($0.offset + 8)) })
}
