/// The four measures of Project 06: đúng, đủ, sạch, sống.
public enum QualityDimension: String, CaseIterable, Codable, Sendable {
    case correct, complete, clean, live

    public var vietnamese: String {
        switch self {
        case .correct: "đúng"
        case .complete: "đủ"
        case .clean: "sạch"
        case .live: "sống"
        }
    }
}

/// One rule a record is held to. Each is defined in docs/quality.md; a record keeps a dimension when it
/// breaks none of that dimension's rules.
public enum QualityRule: String, CaseIterable, Codable, Sendable {
    // đúng
    case numberMatchesPerson = "number-matches-person"
    case numberMatchesBirthRegistration = "number-matches-birth-registration"
    case codesValid = "codes-valid"
    case datesInOrder = "dates-in-order"
    case parentsOlder = "parents-older"
    case spouseNotParentOrChild = "spouse-not-parent-or-child"
    case nothingAfterDeath = "nothing-after-death"
    case wardExistedThen = "ward-existed-then"
    // đủ
    case requiredFieldsPresent = "required-fields-present"
    case dateOfBirthWhole = "date-of-birth-whole"
    // sạch
    case notSuspectedDuplicate = "not-suspected-duplicate"
    case namesClean = "names-clean"
    case noPlaceholderDate = "no-placeholder-date"
    // sống
    case temporaryResidenceCurrent = "temporary-residence-current"
    case temporaryAbsenceCurrent = "temporary-absence-current"
    case cardCurrent = "card-current"
    case deathRecorded = "death-recorded"

    public var dimension: QualityDimension {
        switch self {
        case .numberMatchesPerson, .numberMatchesBirthRegistration, .codesValid, .datesInOrder, .parentsOlder, .spouseNotParentOrChild,
            .nothingAfterDeath, .wardExistedThen:
            .correct
        case .requiredFieldsPresent, .dateOfBirthWhole: .complete
        case .notSuspectedDuplicate, .namesClean, .noPlaceholderDate: .clean
        case .temporaryResidenceCurrent, .temporaryAbsenceCurrent, .cardCurrent, .deathRecorded: .live
        }
    }

    /// The bit of this rule in a record's set of broken rules.
    public var bit: UInt32 { UInt32(1) << UInt32(QualityRule.allCases.firstIndex(of: self) ?? 31) }

    public var vietnamese: String {
        switch self {
        case .numberMatchesPerson: "Số định danh khớp giới tính, thế kỷ và năm sinh"
        case .numberMatchesBirthRegistration: "Mã tỉnh của số định danh khớp nơi đăng ký khai sinh"
        case .codesValid: "Mã dân tộc, quốc tịch và địa danh hợp lệ"
        case .datesInOrder: "Ngày sinh không ở tương lai, ngày mất sau ngày sinh"
        case .parentsOlder: "Cha, mẹ lớn tuổi hơn con"
        case .spouseNotParentOrChild: "Vợ, chồng không phải cha, mẹ hay con"
        case .nothingAfterDeath: "Không có sự kiện sau ngày mất"
        case .wardExistedThen: "Xã, phường cư trú tồn tại vào thời điểm đăng ký"
        case .requiredFieldsPresent: "Có đủ các trường luật yêu cầu theo độ tuổi và tình trạng"
        case .dateOfBirthWhole: "Ngày sinh đủ ngày, tháng, năm"
        case .notSuspectedDuplicate: "Không nghi trùng với bản ghi khác"
        case .namesClean: "Họ tên chuẩn Unicode NFC, không ký tự lạ, không nhầm Ð/Đ"
        case .noPlaceholderDate: "Ngày sinh không phải giá trị giữ chỗ (01/01)"
        case .temporaryResidenceCurrent: "Tạm trú còn hạn"
        case .temporaryAbsenceCurrent: "Tạm vắng còn hạn"
        case .cardCurrent: "Thẻ căn cước còn hạn, được đổi ở tuổi 14, 25, 40, 60"
        case .deathRecorded: "Đã ghi nhận việc chết mà cơ quan khác thông báo"
        }
    }

    public var english: String {
        switch self {
        case .numberMatchesPerson: "The personal number agrees with sex, century and year of birth"
        case .numberMatchesBirthRegistration: "The personal number's province is where the birth was registered"
        case .codesValid: "Ethnicity, nationality and place codes exist"
        case .datesInOrder: "Birth not in the future; death after birth"
        case .parentsOlder: "Parents are older than their children"
        case .spouseNotParentOrChild: "A spouse is not a parent or a child"
        case .nothingAfterDeath: "Nothing happens after death"
        case .wardExistedThen: "Each residence's ward existed when it was registered"
        case .requiredFieldsPresent: "The fields the law requires for the person's age and status are there"
        case .dateOfBirthWhole: "The date of birth has day, month and year"
        case .notSuspectedDuplicate: "Not a suspected duplicate of another record"
        case .namesClean: "Names in NFC, with no stray characters and no Ð for Đ"
        case .noPlaceholderDate: "The date of birth is not a placeholder (1 January)"
        case .temporaryResidenceCurrent: "A temporary residence has not expired"
        case .temporaryAbsenceCurrent: "A temporary absence has not expired"
        case .cardCurrent: "The identity card is valid and renewed at 14, 25, 40 and 60"
        case .deathRecorded: "A death another agency reported is recorded"
        }
    }
}

/// One rule a record breaks, with the field and what is wrong.
public struct QualityFinding: Hashable, Sendable, Codable {
    public let rule: QualityRule
    public let field: String
    public let detail: String

    public init(_ rule: QualityRule, field: String, _ detail: String) {
        self.rule = rule
        self.field = field
        self.detail = detail
    }
}
