public import DanCuAccess
import DanCuCore

/// A permission (deny by default): one subsystem may use one service for the exact fields, for one
/// purpose, under one legal document, optionally only for people of one province.
public struct ExchangeGrant: Sendable, Equatable {
    public let id: Int64
    public let subsystem: Subsystem
    public let service: ExchangeService
    public let fields: [String]
    public let purpose: Purpose
    /// The `code` of the `LegalDocument` it rests on.
    public let legalBasis: String
    /// The province (post-2025 code) whose people it covers; nil for the nation.
    public let provinceCode: String?

    public init(
        id: Int64, subsystem: Subsystem, service: ExchangeService, fields: [String], purpose: Purpose, legalBasis: String,
        provinceCode: String? = nil
    ) {
        self.id = id
        self.subsystem = subsystem
        self.service = service
        self.fields = fields
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.provinceCode = provinceCode
    }

    /// Checks what an administrator asks to grant; each problem names its field.
    public static func check(service: ExchangeService, fields: [String]) throws(RuleViolations) {
        var problems: [RuleViolation] = []
        if fields.isEmpty { problems.append(RuleViolation(field: "fields", rule: "grant-fields", detail: "name at least one field")) }
        for (i, field) in fields.enumerated() where !service.grantsRecordTypes && !service.fields.contains(field) {
            problems.append(
                RuleViolation(
                    field: "fields[\(i)]", rule: "grant-field",
                    detail: "'\(field.prefix(40))' is not a field of \(service.rawValue): one of \(service.fields.joined(separator: ", "))"))
        }
        if Set(fields).count != fields.count { problems.append(RuleViolation(field: "fields", rule: "grant-fields", detail: "names a field twice")) }
        guard problems.isEmpty else { throw RuleViolations(problems) }
    }
}
