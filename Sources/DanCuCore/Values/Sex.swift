/// Giới tính: the register records the legal sex, which the personal number also encodes.
public enum Sex: String, Codable, Sendable, CaseIterable {
    case male
    case female

    /// The Vietnamese word used on the card and in DG13 ("Nam" / "Nữ").
    public var vietnamese: String {
        switch self {
        case .male: "Nam"
        case .female: "Nữ"
        }
    }
}
