public import DanCuCore
import Foundation

/// A kind of data a member system keeps about a person and links to the register by personal number
/// (dữ liệu bổ sung): a health-insurance card, a social-insurance number, a tax code, a driving
/// licence, a vaccination. The catalogue is typed: each type names its fields and their kinds, and an
/// administrator extends it. None of its fields may be a register field: linked records enrich the
/// register, they never copy it.
public struct RecordType: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case text, date, number, boolean }
        public let name: String
        public let kind: Kind
        public let required: Bool

        public init(name: String, kind: Kind, required: Bool) {
            self.name = name
            self.kind = kind
            self.required = required
        }
    }

    /// Lower-case letters, digits and hyphens: `health-insurance-card`.
    public let code: String
    public let nameVietnamese: String
    public let nameEnglish: String
    public let fields: [Field]

    public init(code: String, nameVietnamese: String, nameEnglish: String, fields: [Field]) throws(RuleViolations) {
        var problems: [RuleViolation] = []
        let codeOK =
            (2...48).contains(code.count) && code.first?.isLetter == true
            && code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        if !codeOK { problems.append(RuleViolation(field: "code", rule: "record-type-code", detail: "is 2 to 48 of a-z, 0-9 and -, starting with a letter")) }
        let vi = nameVietnamese.nfc.trimmingCharacters(in: .whitespaces)
        if vi.isEmpty || vi.count > 200 { problems.append(RuleViolation(field: "nameVietnamese", rule: "name", detail: "is 1 to 200 characters")) }
        if nameEnglish.isEmpty || nameEnglish.count > 200 {
            problems.append(RuleViolation(field: "nameEnglish", rule: "name", detail: "is 1 to 200 characters"))
        }
        if fields.isEmpty || fields.count > 40 { problems.append(RuleViolation(field: "fields", rule: "fields", detail: "has 1 to 40 fields")) }
        for (i, field) in fields.enumerated() {
            let nameOK =
                (1...48).contains(field.name.count) && field.name.first?.isLetter == true
                && field.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            if !nameOK { problems.append(RuleViolation(field: "fields[\(i)].name", rule: "field-name", detail: "is 1 to 48 ASCII letters and digits")) }
            if ExchangeService.recordFields.contains(field.name) {
                problems.append(
                    RuleViolation(
                        field: "fields[\(i)].name", rule: "not-a-copy", detail: "'\(field.name)' is a register field: linked records never copy the register"))
            }
        }
        if Set(fields.map(\.name)).count != fields.count { problems.append(RuleViolation(field: "fields", rule: "fields", detail: "names a field twice")) }
        guard problems.isEmpty else { throw RuleViolations(problems) }
        self.code = code
        self.nameVietnamese = vi
        self.nameEnglish = nameEnglish
        self.fields = fields
    }

    /// Checks a member's data against the type: known fields only, each of its kind, the required ones
    /// there. Returns the data with text in NFC.
    public func check(_ data: [String: Any]) throws(RuleViolations) -> [String: Any] {
        var problems: [RuleViolation] = []
        var out: [String: Any] = [:]
        for key in data.keys.sorted() where !fields.contains(where: { $0.name == key }) {
            problems.append(
                RuleViolation(
                    field: "data.\(key.prefix(48))", rule: "unknown", detail: "is not a field of \(code): \(fields.map(\.name).joined(separator: ", "))"))
        }
        for field in fields {
            guard let value = data[field.name], !(value is NSNull) else {
                if field.required { problems.append(RuleViolation(field: "data.\(field.name)", rule: "required", detail: "is required")) }
                continue
            }
            switch field.kind {
            case .text:
                if let text = value as? String, (1...500).contains(text.count) {
                    out[field.name] = text.nfc
                } else {
                    problems.append(RuleViolation(field: "data.\(field.name)", rule: "text", detail: "is text of 1 to 500 characters"))
                }
            case .date:
                if let text = value as? String, (try? LocalDate(iso: text)) != nil {
                    out[field.name] = text
                } else {
                    problems.append(RuleViolation(field: "data.\(field.name)", rule: "date", detail: "is a date like 2026-12-31"))
                }
            case .number:
                if let number = value as? NSNumber, !Self.isBoolean(value) {
                    out[field.name] = number
                } else {
                    problems.append(RuleViolation(field: "data.\(field.name)", rule: "number", detail: "is a number"))
                }
            case .boolean:
                if Self.isBoolean(value), let flag = value as? Bool {
                    out[field.name] = flag
                } else {
                    problems.append(RuleViolation(field: "data.\(field.name)", rule: "boolean", detail: "is true or false"))
                }
            }
        }
        guard problems.isEmpty else { throw RuleViolations(problems) }
        return out
    }

    /// Foundation reads JSON `true` and `1` both as NSNumber, both castable to Bool; only the class of a
    /// boolean tells them apart.
    static func isBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).hasSuffix("Boolean")
    }

    public static let deathNotice = "death-notice"

    /// The catalogue every installation starts with; administrators add to it.
    public static func standard() throws -> [RecordType] {
        [
            try RecordType(
                code: "health-insurance-card", nameVietnamese: "Thẻ bảo hiểm y tế", nameEnglish: "Health-insurance card",
                fields: [
                    .init(name: "cardNumber", kind: .text, required: true), .init(name: "validFrom", kind: .date, required: true),
                    .init(name: "validTo", kind: .date, required: true), .init(name: "initialFacility", kind: .text, required: false),
                ]),
            try RecordType(
                code: "social-insurance-number", nameVietnamese: "Mã số bảo hiểm xã hội", nameEnglish: "Social-insurance number",
                fields: [.init(name: "number", kind: .text, required: true)]),
            try RecordType(
                code: "tax-code", nameVietnamese: "Mã số thuế cá nhân", nameEnglish: "Personal tax code",
                fields: [.init(name: "taxCode", kind: .text, required: true)]),
            try RecordType(
                code: "driving-licence", nameVietnamese: "Giấy phép lái xe", nameEnglish: "Driving licence",
                fields: [
                    .init(name: "licenceNumber", kind: .text, required: true), .init(name: "licenceClass", kind: .text, required: true),
                    .init(name: "validTo", kind: .date, required: false),
                ]),
            // Giấy báo tử: a health facility's notice of a death, which the civil-status officer then
            // registers (khai tử). Until then the register's record is not live (docs/quality.md, sống).
            try RecordType(
                code: RecordType.deathNotice, nameVietnamese: "Giấy báo tử", nameEnglish: "Death notice",
                fields: [
                    .init(name: "diedOn", kind: .date, required: true), .init(name: "facility", kind: .text, required: true),
                    .init(name: "noticeNumber", kind: .text, required: false),
                ]),
            try RecordType(
                code: "vaccination", nameVietnamese: "Tiêm chủng", nameEnglish: "Vaccination",
                fields: [
                    .init(name: "vaccine", kind: .text, required: true), .init(name: "dose", kind: .number, required: true),
                    .init(name: "givenOn", kind: .date, required: true),
                ]),
        ]
    }
}
