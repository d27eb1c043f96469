/// Why personal data is read or written: required on every request that touches a person, recorded in
/// the access log. The list is fixed by law and regulation, not by callers.
public enum Purpose: String, Codable, Sendable, CaseIterable {
    /// Quản lý cư trú: registering and checking residence.
    case residenceManagement = "residence-management"
    /// Hộ tịch: births, deaths, marriages and the like.
    case civilStatus = "civil-status"
    /// Cấp, quản lý căn cước: identity card work.
    case identityCard = "identity-card"
    /// Giải quyết thủ tục hành chính: a public-service procedure.
    case publicService = "public-service"
    /// Điều chỉnh, cập nhật dữ liệu: correcting or cleaning register data.
    case dataCorrection = "data-correction"
    /// Điều tra, xử lý vi phạm pháp luật: investigation under the law.
    case lawEnforcement = "law-enforcement"
    /// Theo yêu cầu của công dân: the person asked for it.
    case citizenRequest = "citizen-request"
    /// Kiểm tra, giám sát: reviewing who accessed data.
    case audit
    /// Xác thực danh tính: a relying party checks that a card (or a person) is who it claims to be.
    case identityVerification = "identity-verification"
    /// Công dân tự khai thác: the holder reads their own data and who used it (`/me`).
    case selfService = "self-service"
    /// Bảo hiểm xã hội, bảo hiểm y tế: social and health insurance following their insured.
    case socialInsurance = "social-insurance"
    /// Quản lý thuế: the tax administration.
    case taxAdministration = "tax-administration"
    /// Nhận biết, xác minh khách hàng: a bank's or a telecom's customer due diligence (anti-money
    /// laundering law, subscriber registration).
    case customerDueDiligence = "customer-due-diligence"
    /// Y tế: care and vaccination records.
    case healthCare = "health-care"
    /// Bảo đảm chất lượng dữ liệu: measuring whether the register is correct, complete, clean and live
    /// (làm sạch dữ liệu), and reviewing suspected duplicates.
    case dataQuality = "data-quality"

    /// The header that carries the purpose on HTTP requests.
    public static let header = "DanCu-Purpose"
}
