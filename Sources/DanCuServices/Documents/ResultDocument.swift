public import Foundation

/// A document a procedure issues (Giấy xác nhận, Giấy khai sinh bản điện tử), as DanCu seals it: the
/// facts of the approved step, nothing read anew. Its JSON is the JWS payload, keys sorted, so the same
/// approval always gives the same document.
public struct ResultDocument: Codable, Sendable, Equatable {
    /// The application's code and the step: `G01-261204-7KQ4M2PX9/confirmation`.
    public let id: String
    /// The procedure's code.
    public let procedure: String
    /// The document's name in Vietnamese.
    public let title: String
    /// The personal number of whom the document is about: the subject (the child, the deceased), else
    /// the applicant.
    public let holder: String
    /// The body that issued it and the ward where it acted.
    public let issuer: String
    /// The civil date (Viet Nam) the step was approved.
    public let issuedOn: String
    /// What the step established, as its officer recorded it.
    public let statements: [String]

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// A document with its seal: the compact JWS a QR code carries.
public struct SealedDocument: Sendable, Equatable {
    public let document: ResultDocument
    public let jws: String
}
