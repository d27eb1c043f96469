/// What each scope releases from the register, in the words the consent page shows. The fields are the
/// register's (`Person`), so an access-log entry names exactly what was released.
public enum Scope: String, CaseIterable, Codable, Sendable {
    case openid
    case profile
    case birthdate
    case address
    case phone
    case email
    /// The personal number (số định danh cá nhân): government services entitled to it only.
    case personalNumber = "personal_number"
    case offlineAccess = "offline_access"

    /// Register fields released, for the access log.
    public var fields: [String] {
        switch self {
        case .openid: []
        case .profile: ["name", "sex"]
        case .birthdate: ["dateOfBirth"]
        case .address: ["currentResidence", "permanentResidence"]
        case .phone: ["phone"]
        case .email: ["email"]
        case .personalNumber: ["personalNumber"]
        case .offlineAccess: []
        }
    }

    /// What the citizen reads on the consent page.
    public var vietnamese: String {
        switch self {
        case .openid: "Xác nhận bạn đã đăng nhập (mã định danh riêng cho dịch vụ này)"
        case .profile: "Họ, chữ đệm và tên; giới tính"
        case .birthdate: "Ngày, tháng, năm sinh"
        case .address: "Nơi thường trú và nơi ở hiện tại"
        case .phone: "Số điện thoại"
        case .email: "Thư điện tử"
        case .personalNumber: "Số định danh cá nhân"
        case .offlineAccess: "Duy trì truy cập khi bạn không trực tuyến (làm mới phiên)"
        }
    }

    public var english: String {
        switch self {
        case .openid: "That you signed in (an identifier for this service only)"
        case .profile: "Full name and sex"
        case .birthdate: "Date of birth"
        case .address: "Permanent and current residence"
        case .phone: "Phone number"
        case .email: "E-mail address"
        case .personalNumber: "Personal number"
        case .offlineAccess: "Keep access while you are away (refresh)"
        }
    }

    /// Parses a space-separated `scope` parameter; `openid` is required, unknown scopes are refused.
    public static func parse(_ text: String?) throws(OAuthError) -> [Scope] {
        guard let text, !text.isEmpty else { throw OAuthError(.invalidScope, "scope is required and must include openid") }
        var scopes: [Scope] = []
        for word in text.split(separator: " ") {
            guard let scope = Scope(rawValue: String(word)) else { throw OAuthError(.invalidScope, "unknown scope \(word.prefix(40))") }
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        guard scopes.contains(.openid) else { throw OAuthError(.invalidScope, "scope must include openid") }
        return scopes
    }
}

/// The `acr` values DanCu asserts: the account's level, as the relying party asked.
public enum AuthenticationContext: String, CaseIterable, Sendable {
    case level1 = "urn:dancu:eid:level1"
    case level2 = "urn:dancu:eid:level2"

    public var level: AssuranceLevel { self == .level1 ? .level1 : .level2 }

    public init(_ level: AssuranceLevel) { self = level == .level1 ? .level1 : .level2 }
}
