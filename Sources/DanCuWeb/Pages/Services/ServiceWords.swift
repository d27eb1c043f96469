import DanCuCore
import DanCuServices

/// The public-service pages' words in Vietnamese, with English beside them: states, desks, the
/// catalogue's choice values, and what a form's problem means for the person filling it in.
enum ServiceWords {
    static func status(_ s: ApplicationStatus) -> Words {
        switch s {
        case .submitted: Words("Đã nộp", "Submitted")
        case .received: Words("Đã tiếp nhận", "Received")
        case .inProgress: Words("Đang giải quyết", "In progress")
        case .supplementRequested: Words("Cần bổ sung", "Supplement requested")
        case .approved: Words("Đã duyệt", "Approved")
        case .refused: Words("Từ chối", "Refused")
        case .resultIssued: Words("Đã trả kết quả", "Result issued")
        }
    }

    static func step(_ s: StepStatus) -> Words {
        switch s {
        case .waiting: Words("Chờ bước trước", "Waiting")
        case .open: Words("Đang giải quyết", "Open")
        case .supplementRequested: Words("Cần bổ sung", "Supplement requested")
        case .approved: Words("Đã duyệt", "Approved")
        case .refused: Words("Từ chối", "Refused")
        case .cancelled: Words("Đã hủy", "Cancelled")
        }
    }

    static func desk(_ d: Procedure.Desk) -> Words {
        switch d {
        case .communePolice: Words("Công an cấp xã", "Commune police")
        case .civilStatus: Words("Tư pháp - hộ tịch", "Civil status")
        case .cardOffice: Words("Cơ quan cấp thẻ căn cước", "Card office")
        case .memberSystem: Words("Cơ quan liên thông", "Member agency")
        }
    }

    /// A choice's value as the form shows it; a value the list does not know is shown as it is.
    static func option(_ value: String) -> String {
        let known = [
            "male": "Nam", "female": "Nữ", "mother": "Mẹ", "father": "Cha", "spouse": "Vợ hoặc chồng", "child": "Con",
            "parent": "Cha hoặc mẹ", "sibling": "Anh, chị, em", "other-relative": "Người thân khác", "first": "Lần đầu", "change": "Thay đổi",
        ]
        return known[value] ?? value
    }

    /// What a problem with an attached file means, for the message beside its input.
    static func fileProblem(_ v: RuleViolation) -> String {
        switch v.rule {
        case "required": "Vui lòng đính kèm giấy tờ này."
        case "maxBytes": "Tệp quá lớn so với mức cho phép."
        case "mediaType": "Chỉ nhận tệp PDF, JPEG hoặc PNG."
        case "empty": "Tệp không có nội dung."
        default: "Tệp chưa hợp lệ."
        }
    }

    /// What a problem with a field means, for the message beside it.
    static func problem(_ v: RuleViolation) -> String {
        switch v.rule {
        case "required": "Vui lòng điền mục này."
        case "date": "Nhập ngày theo dạng năm-tháng-ngày."
        case "past": "Ngày này không được ở tương lai."
        case "age": "Trẻ đã quá tuổi của thủ tục này."
        case "name": "Họ, chữ đệm và tên chưa hợp lệ."
        case "personal-number": "Số định danh cá nhân gồm 12 chữ số."
        case "sex": "Chọn nam hoặc nữ."
        case "choice": "Chọn một trong các lựa chọn."
        case "length": "Nội dung quá dài."
        case "integer": "Nhập một số nguyên."
        case "place": "Nhập mã xã, phường hiện hành."
        case "partner": "Nhập số định danh của người kia."
        case "phone": "Số điện thoại gồm 8 đến 15 chữ số."
        case "email": "Địa chỉ thư điện tử chưa đúng."
        case "invalid" where v.field == "reason": "Vui lòng ghi lý do."
        default: "Giá trị chưa hợp lệ."
        }
    }
}
