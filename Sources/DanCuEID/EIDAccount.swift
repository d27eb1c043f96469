public import DanCuCore
import Foundation

/// Who holds an eID account (Decree 69/2024 Art. 7).
public enum AccountKind: String, Codable, Sendable, CaseIterable {
    /// A Vietnamese citizen, by personal number.
    case citizen
    /// A foreigner with a permanent or temporary residence card, by the card's number.
    case foreigner
    /// An agency or organisation established or registered in Viet Nam: one account, no level.
    case organisation
}

/// Mức độ 1 and mức độ 2. Level 2 has the value of showing the card in person.
public enum AssuranceLevel: Int, Codable, Sendable, Comparable, CaseIterable {
    case level1 = 1
    case level2 = 2

    public static func < (a: AssuranceLevel, b: AssuranceLevel) -> Bool { a.rawValue < b.rawValue }
}

public enum AccountStatus: String, Codable, Sendable {
    case active, locked
}

/// An eID account as the system keeps it (secrets are not part of it).
public struct EIDAccount: Hashable, Sendable, Codable {
    /// The personal number, the residence card's number, or the organisation's code.
    public let subject: String
    public let kind: AccountKind
    /// Nil for organisations.
    public let level: AssuranceLevel?
    public let phone: String?
    public let email: String?
    public let status: AccountStatus
    /// Why the account is locked, and by whom: the holder, an officer, or the register (a death).
    public let lockReason: String?
    public let hasTOTP: Bool
    public let hasPasscode: Bool
    public let version: Int
}

/// Where a one-time code is sent to prove the holder owns a phone number or an e-mail address.
public enum Contact: Equatable, Sendable {
    case phone(String)
    case email(String)

    /// Refuses what is not a Vietnamese mobile number (0 and nine digits, or +84 and nine) or an e-mail address.
    public init(phone: String?, email: String?) throws(EIDError) {
        if let phone {
            let digits = phone.replacingOccurrences(of: " ", with: "")
            let national = digits.hasPrefix("+84") ? "0" + digits.dropFirst(3) : digits
            guard national.count == 10, national.hasPrefix("0"), national.allSatisfy(\.isASCII), national.allSatisfy(\.isNumber) else {
                throw .invalid([RuleViolation(field: "phone", rule: "phone", detail: "a mobile number like 0912345678 or +84912345678")])
            }
            self = .phone(national)
        } else if let email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254, !email.contains(" ") else {
                throw .invalid([RuleViolation(field: "email", rule: "email", detail: "an address like ten@example.vn")])
            }
            self = .email(email.lowercased())
        } else {
            throw .invalid([RuleViolation(field: "phone", rule: "required", detail: "give a phone number or an e-mail address")])
        }
    }

    var text: String {
        switch self {
        case .phone(let p): p
        case .email(let e): e
        }
    }
}

/// Why the eID service refused; authentication failures never say whether the account exists.
public enum EIDError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid([RuleViolation])
    /// A wrong identifier or secret, or an account waiting after too many failures: one answer for all.
    case authenticationFailed
    case accountLocked(String)
    case accountNotFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let problems): problems.map(\.description).joined(separator: "; ")
        case .authenticationFailed: "wrong identifier or secret, or too many attempts: wait a minute and try again"
        case .accountLocked(let why): "the account is locked: \(why)"
        case .accountNotFound(let subject): "no eID account \(subject)"
        case .conflict(let why): why
        }
    }
}
