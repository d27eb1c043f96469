public import DanCuCore
import Foundation

/// A legal document a grant rests on (văn bản pháp lý): a law, decree or circular, the article that
/// allows the exchange, and when it is in force. Members cite it by `code` in `DanCu-Legal-Basis`; the
/// access log names it in words (`citation`).
public struct LegalDocument: Sendable, Equatable {
    /// The document's number as ASCII, as members cite it in a header: `41/2024/QH15`, `13/2023/ND-CP`.
    public let code: String
    /// The title as written, NFC: `Luật Bảo hiểm xã hội`.
    public let title: String
    /// The article (and clause) that allows the exchange: `Điều 10 khoản 2`.
    public let article: String?
    public let validFrom: LocalDate
    /// The last day it is in force; nil while no end is known.
    public let validTo: LocalDate?

    public init(code: String, title: String, article: String? = nil, validFrom: LocalDate, validTo: LocalDate? = nil) throws(RuleViolations) {
        var problems: [RuleViolation] = []
        let code = code.trimmingCharacters(in: .whitespaces)
        if !(2...64).contains(code.utf8.count) || !code.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != "," }) {
            problems.append(
                RuleViolation(
                    field: "code", rule: "legal-code", detail: "write the document's number in 2 to 64 visible ASCII characters, no commas (41/2024/QH15)"))
        }
        let title = title.nfc.trimmingCharacters(in: .whitespaces)
        if title.isEmpty || title.count > 300 {
            problems.append(RuleViolation(field: "title", rule: "legal-title", detail: "give the title, at most 300 characters"))
        }
        let article = article.map { $0.nfc.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let article, article.count > 200 { problems.append(RuleViolation(field: "article", rule: "legal-article", detail: "at most 200 characters")) }
        if let validTo, validTo < validFrom {
            problems.append(RuleViolation(field: "validTo", rule: "legal-validity", detail: "ends before it starts (\(validFrom))"))
        }
        guard problems.isEmpty else { throw RuleViolations(problems) }
        self.code = code
        self.title = title
        self.article = article
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Whether the document allows exchanges on `day` (Viet Nam's civil date): from its first day to its last.
    public func isInForce(on day: LocalDate) -> Bool {
        validFrom <= day && validTo.map { day <= $0 } ?? true
    }

    /// How the access log and the citizen's view name it: `Luật Bảo hiểm xã hội 41/2024/QH15, Điều 10`.
    public var citation: String {
        "\(title) \(code)" + (article.map { ", \($0)" } ?? "")
    }
}
