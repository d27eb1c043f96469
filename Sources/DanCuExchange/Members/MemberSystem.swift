public import DanCuCore
import Foundation

/// An organisation whose systems exchange data with the register (hệ thống thành viên): a ministry, a
/// province, a state enterprise, a bank, a telecom. Its systems connect as subsystems (X-Road's
/// member and subsystem), each with keys of its own, so that a ministry's health-insurance system and
/// its pension system are granted, logged and revoked apart.
public struct MemberSystem: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case ministry, province
        case stateEnterprise = "state-enterprise"
        case bank, telecom, other

        /// Government members read under the law; the others, beyond match or no match, only with the
        /// citizen's consent (Personal Data Protection Law 2025).
        public var isGovernment: Bool { self == .ministry || self == .province || self == .stateEnterprise }
    }

    /// Upper-case letters, digits and hyphens, e.g. `BHXH` or `VCB`; unique, never reused.
    public let code: String
    public let nameVietnamese: String
    public let nameEnglish: String
    public let kind: Kind

    /// A member as an administrator enters it, checked; every problem names its field.
    public init(code: String, nameVietnamese: String, nameEnglish: String, kind: String) throws(RuleViolations) {
        var problems: [RuleViolation] = []
        if !Self.isCode(code, maximum: 32) {
            problems.append(RuleViolation(field: "code", rule: "member-code", detail: "is 2 to 32 of A-Z, 0-9 and -, starting with a letter"))
        }
        let vi = nameVietnamese.nfc.trimmingCharacters(in: .whitespaces)
        let en = nameEnglish.trimmingCharacters(in: .whitespaces)
        if vi.isEmpty || vi.count > 200 { problems.append(RuleViolation(field: "nameVietnamese", rule: "member-name", detail: "is 1 to 200 characters")) }
        if en.isEmpty || en.count > 200 { problems.append(RuleViolation(field: "nameEnglish", rule: "member-name", detail: "is 1 to 200 characters")) }
        let parsedKind = Kind(rawValue: kind)
        if parsedKind == nil {
            problems.append(RuleViolation(field: "kind", rule: "member-kind", detail: "is one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard problems.isEmpty, let parsedKind else { throw RuleViolations(problems) }
        self.code = code
        self.nameVietnamese = vi
        self.nameEnglish = en
        self.kind = parsedKind
    }

    static func isCode(_ text: String, maximum: Int) -> Bool {
        guard (2...maximum).contains(text.count), let first = text.first, first.isASCII, first.isUppercase else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
    }
}

/// One system of a member, named `MEMBER/SUBSYSTEM` (e.g. `BHXH/THU-BHYT`) in grants, logs and keys.
public struct Subsystem: Sendable, Equatable, Hashable {
    public let member: String
    public let code: String

    public init(member: String, code: String) throws(RuleViolations) {
        var problems: [RuleViolation] = []
        if !MemberSystem.isCode(member, maximum: 32) {
            problems.append(RuleViolation(field: "member", rule: "member-code", detail: "is 2 to 32 of A-Z, 0-9 and -, starting with a letter"))
        }
        if !MemberSystem.isCode(code, maximum: 32) {
            problems.append(RuleViolation(field: "subsystem", rule: "subsystem-code", detail: "is 2 to 32 of A-Z, 0-9 and -, starting with a letter"))
        }
        guard problems.isEmpty else { throw RuleViolations(problems) }
        self.member = member
        self.code = code
    }

    /// `BHXH/THU-BHYT`.
    public var identifier: String { member + "/" + code }
}
