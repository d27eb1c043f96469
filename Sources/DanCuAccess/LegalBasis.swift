/// The law under which a request touches personal data (DESIGN.md §2 principle 4, §8): every access-log
/// entry names it. Officers act under the laws of their work, chosen by purpose; a relying party or a
/// member system under the basis it registered, which its requests carry. Installations change the
/// officers' table with `LegalBases(officers:)`.
public struct LegalBases: Sendable {
    public let officers: [Purpose: String]

    public init(officers: [Purpose: String]) {
        self.officers = officers
    }

    /// The laws of Viet Nam in force in 2026 (`shared/domain/vietnam-facts.md` §2). Articles are not
    /// named: the facts file does not confirm them, and an installation's lawyers set them.
    public static let vietnam = LegalBases(officers: [
        .residenceManagement: "Luật Cư trú 68/2020/QH14",
        .civilStatus: "Luật Hộ tịch 60/2014/QH13; Luật Căn cước 26/2023/QH15",
        .identityCard: "Luật Căn cước 26/2023/QH15",
        .publicService: "Nghị định 45/2020/NĐ-CP (thủ tục hành chính trên môi trường điện tử)",
        .dataCorrection: "Luật Căn cước 26/2023/QH15 (điều chỉnh thông tin)",
        .lawEnforcement: "Bộ luật Tố tụng hình sự 101/2015/QH13; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
        .citizenRequest: "Luật Căn cước 26/2023/QH15 (khai thác theo yêu cầu của công dân)",
        .audit: "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (kiểm tra, giám sát)",
        .identityVerification: "Nghị định 69/2024/NĐ-CP (định danh và xác thực điện tử)",
        .selfService: "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (quyền của chủ thể dữ liệu)",
        .dataQuality: "Luật Căn cước 26/2023/QH15 (cập nhật, điều chỉnh thông tin); Quyết định 06/QĐ-TTg (dữ liệu đúng, đủ, sạch, sống)",
    ])

    /// The basis of `request`: its own when it carries one, else the officers' law for its purpose.
    public func basis(of request: AccessRequest) -> String? {
        request.legalBasis ?? request.purpose.flatMap { officers[$0] }
    }
}
