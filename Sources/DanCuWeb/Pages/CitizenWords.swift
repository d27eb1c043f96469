import DanCuAccess
import DanCuCore

/// What a citizen reads where the log keeps codes: purposes, actions and fields in Vietnamese (and
/// English), and who acted as a role and a unit, never an officer's username.
enum CitizenWords {
    static func purpose(_ code: String?) -> Words {
        switch code.flatMap(Purpose.init(rawValue:)) {
        case .residenceManagement: Words("Quản lý cư trú", "residence management")
        case .civilStatus: Words("Hộ tịch", "civil status")
        case .identityCard: Words("Cấp, quản lý căn cước", "identity cards")
        case .publicService: Words("Giải quyết thủ tục hành chính", "a public service")
        case .dataCorrection: Words("Điều chỉnh, cập nhật dữ liệu", "correcting data")
        case .lawEnforcement: Words("Điều tra, xử lý vi phạm pháp luật", "law enforcement")
        case .citizenRequest: Words("Theo yêu cầu của công dân", "at your request")
        case .audit: Words("Kiểm tra, giám sát", "audit")
        case .identityVerification: Words("Xác thực danh tính", "identity verification")
        case .selfService: Words("Bạn tự xem", "you, looking at your own data")
        case .socialInsurance: Words("Bảo hiểm xã hội, bảo hiểm y tế", "social and health insurance")
        case .taxAdministration: Words("Quản lý thuế", "tax administration")
        case .customerDueDiligence: Words("Nhận biết, xác minh khách hàng", "customer due diligence")
        case .healthCare: Words("Y tế, tiêm chủng", "health care")
        case .dataQuality: Words("Bảo đảm chất lượng dữ liệu", "data quality")
        case nil: Words("Không nêu", "none given")
        }
    }

    static let actions: [String: (String, String)] = [
        "read": ("Xem hồ sơ", "read the record"), "read-as-of": ("Xem hồ sơ tại một thời điểm", "read the record as of a date"),
        "history": ("Xem lịch sử", "read the history"), "search": ("Tìm kiếm", "found in a search"),
        "household": ("Xem hộ gia đình", "read the household"), "register-birth": ("Đăng ký khai sinh", "birth registered"),
        "register-person": ("Nhập dữ liệu công dân", "entered into the register"), "create-household": ("Lập hộ", "household created"),
        "add-household-member": ("Nhập hộ", "joined a household"), "remove-household-member": ("Tách khỏi hộ", "left a household"),
        "change-household-head": ("Đổi chủ hộ", "new head of household"), "read-access-log": ("Kiểm tra nhật ký truy cập", "audited the access log"),
        "card-apply": ("Nộp hồ sơ cấp thẻ căn cước", "applied for a card"), "card-approve": ("Duyệt hồ sơ cấp thẻ", "card approved"),
        "card-refuse": ("Từ chối cấp thẻ", "card refused"), "card-produce": ("Sản xuất thẻ", "card produced"),
        "card-deliver": ("Trả thẻ", "card handed over"), "card-report-lost": ("Báo mất thẻ", "card reported lost"),
        "card-report-stolen": ("Báo thẻ bị đánh cắp", "card reported stolen"), "card-report-damaged": ("Báo thẻ hư hỏng", "card reported damaged"),
        "card-expire": ("Thẻ hết hạn", "card expired"), "card-revoke": ("Thu hồi thẻ", "card revoked"),
        "card-read": ("Xem thẻ", "read the card"), "card-list": ("Xem danh sách thẻ", "read the cards"),
        "card-chip": ("Xem dữ liệu chip", "read the chip's data"), "card-verify": ("Xác thực thẻ qua chip", "verified the card's chip"),
        "oidc-token": ("Cấp thông tin khi đăng nhập", "released at sign-in"), "oidc-refresh": ("Gia hạn phiên", "session renewed"),
        "oidc-userinfo": ("Đọc thông tin người dùng", "read your user information"),
        "eid-read": ("Xem tài khoản định danh", "read the eID account"), "eid-register": ("Đăng ký tài khoản định danh", "eID account registered"),
        "eid-raise-level": ("Nâng mức tài khoản", "eID account raised to level 2"), "eid-lock": ("Khóa tài khoản", "eID account locked"),
        "eid-unlock": ("Mở khóa tài khoản", "eID account unlocked"),
        "eid-registration-code": ("Gửi mã đăng ký tài khoản định danh", "a registration code was sent"),
        "x-verify": ("Xác thực thông tin của bạn (khớp / không khớp)", "verified your details (match / no match)"),
        "x-person-data": ("Khai thác thông tin của bạn", "read your data"),
        "x-event": ("Nhận thông báo sự kiện của bạn", "was sent an event of yours"),
        "x-subscribe": ("Đăng ký theo dõi sự kiện của bạn", "began following your life events"),
        "follow-events": ("Hệ thống chuyển sự kiện cho cơ quan đã đăng ký", "the system passed your events to subscribers"),
        "follow-card-events": ("Hệ thống chuyển thông báo thẻ căn cước cho cơ quan đã đăng ký", "the system passed your card's news to subscribers"),
        "x-verify-batch": ("Gửi yêu cầu xác thực theo lô", "sent a batch of verifications"),
        "self-sign-in": ("Bạn đăng nhập", "you signed in"), "self-give-consent": ("Bạn đồng ý chia sẻ thông tin", "you gave consent"),
        "quality-scan": ("Đo chất lượng dữ liệu (đúng, đủ, sạch, sống)", "measured the data's quality"),
        "quality-measure": ("Đo lại chất lượng dữ liệu sau thay đổi", "measured the data's quality again after a change"),
        "duplicate-review": ("Xem xét hồ sơ nghi trùng", "reviewed a suspected duplicate"),
        "decide-duplicate": ("Quyết định về hồ sơ nghi trùng", "decided on a suspected duplicate"),
        "merge-duplicate": ("Gộp hồ sơ trùng", "merged a duplicate record"), "undo-merge": ("Hủy việc gộp hồ sơ", "undid a merge"),
    ]

    static let changes: [String: (String, String)] = [
        "deathRecorded": ("khai tử", "death"), "disappearanceRecorded": ("mất tích", "disappearance"), "reappeared": ("trở về", "reappearance"),
        "marriageRegistered": ("kết hôn", "marriage"), "divorceRegistered": ("ly hôn", "divorce"), "widowed": ("vợ/chồng mất", "widowed"),
        "permanentResidenceRegistered": ("đăng ký thường trú", "permanent residence"),
        "temporaryResidenceRegistered": ("đăng ký tạm trú", "temporary residence"),
        "temporaryResidenceEnded": ("xóa tạm trú", "temporary residence ended"),
        "permanentResidenceRemoved": ("xóa đăng ký thường trú", "permanent residence removed"),
        "currentResidenceDeclared": ("khai báo nơi ở hiện tại", "current residence"),
        "stayNotified": ("thông báo lưu trú", "stay notice"), "temporaryAbsenceDeclared": ("khai báo tạm vắng", "temporary absence"),
        "nameChanged": ("thay đổi họ tên", "name change"), "corrected": ("điều chỉnh thông tin", "correction"), "childAdded": ("thêm con", "child added"),
        "mergedInto": ("hủy hồ sơ trùng, gộp vào hồ sơ khác", "duplicate record merged into another"),
        "duplicateMerged": ("gộp hồ sơ trùng vào hồ sơ này", "a duplicate record merged into this one"),
        "mergeUndone": ("hủy việc gộp hồ sơ", "merge undone"),
    ]

    static func action(_ code: String) -> Words {
        if let known = actions[code] { return Words(known.0, known.1) }
        if code.hasPrefix("record-"), let change = changes[String(code.dropFirst(7))] {
            return Words("Ghi nhận " + change.0, change.1 + " recorded")
        }
        if code.hasPrefix("self-") { return Words("Bạn tự xem hoặc thực hiện", "you, on your own data") }
        return Words(code, code)
    }

    static let fieldNames: [String: String] = [
        "record": "toàn bộ hồ sơ", "dateOfBirth": "ngày sinh", "lifeEvents": "sự kiện hộ tịch, cư trú", "legacyIdNumber": "số CMND",
        "cardNumber": "số thẻ căn cước", "fullName": "họ tên", "name": "họ tên", "birthYear": "năm sinh", "sex": "giới tính",
        "wardCode": "nơi cư trú (xã)", "vitalStatus": "tình trạng (còn sống, đã mất)", "history": "lịch sử thay đổi",
        "householdMembership": "hộ gia đình", "identityCard": "thẻ căn cước", "chip": "dữ liệu chip", "faceImage": "ảnh khuôn mặt",
        "cardStatus": "tình trạng thẻ", "identity": "danh tính", "eidAccount": "tài khoản định danh", "accessLog": "nhật ký truy cập",
        "permanentResidence": "thường trú", "temporaryResidence": "tạm trú", "currentResidence": "nơi ở hiện tại",
        "stayNotices": "lưu trú", "temporaryAbsence": "tạm vắng", "spouse": "vợ/chồng", "maritalStatus": "tình trạng hôn nhân",
        "children": "con", "consents": "sự đồng ý", "sessions": "phiên đăng nhập", "authenticationHistory": "lịch sử đăng nhập",
        "authenticators": "phương thức xác thực", "residenceCard": "thẻ cư trú", "organisationAccount": "tài khoản tổ chức",
        "openid": "mã định danh với dịch vụ", "profile": "họ tên, ngày sinh, giới tính", "birthdate": "ngày sinh",
        "address": "địa chỉ", "phone": "số điện thoại", "email": "thư điện tử", "personalNumber": "số định danh cá nhân",
    ]

    static func fields(_ codes: [String]) -> String {
        codes.map { fieldNames[$0] ?? $0 }.joined(separator: ", ")
    }

    /// Who acted, as a citizen is told: the unit and role of an officer, the organisation of a service.
    static func who(role: String, actor: String, officer: Officer?, units: AdministrativeUnits) -> String {
        if let officer {
            let unit: String
            switch officer.jurisdiction {
            case .ward(let code): unit = "Công an " + (units.ward(code)?.name ?? code)
            case .province(let code): unit = "Công an " + (units.province(code)?.name ?? code)
            case .nation: unit = "Bộ Công an (C06)"
            }
            switch officer.role {
            case .auditor: return "Kiểm tra viên, " + unit
            case .administrator: return "Quản trị hệ thống, " + unit
            case .relyingParty, .memberSystem: return officer.displayName
            default: return unit
            }
        }
        if role == Role.system.rawValue { return "Hệ thống dân cư (\(actor))" }
        return actor  // a relying party (OIDC client) or another organisation, by its identifier
    }
}
