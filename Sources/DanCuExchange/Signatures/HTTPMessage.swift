import Foundation

/// An HTTP message as RFC 9421 signs it: no framework's types, so the rules stay pure and the same for
/// requests a member sends and answers DanCu sends back. Field names are compared case-insensitively;
/// a field sent on several lines keeps its lines in order.
public struct HTTPMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `targetURI` is absolute: scheme, authority, path and query as the client addressed them.
        case request(method: String, targetURI: String)
        case response(status: Int)
    }

    public var kind: Kind
    public var fields: [(name: String, value: String)]

    public init(_ kind: Kind, fields: [(name: String, value: String)]) {
        self.kind = kind
        self.fields = fields
    }

    /// Every line of a field, trimmed, joined with ", " (RFC 9421 §2.1); nil when the message has none.
    public func field(_ name: String) -> String? {
        let lines = fields.filter { $0.name.lowercased() == name.lowercased() }
            .map { $0.value.trimmingCharacters(in: Self.blanks) }
        return lines.isEmpty ? nil : lines.joined(separator: ", ")
    }

    private static let blanks = CharacterSet(charactersIn: " \t")

    public static func == (a: HTTPMessage, b: HTTPMessage) -> Bool {
        a.kind == b.kind && a.fields.map(\.name) == b.fields.map(\.name) && a.fields.map(\.value) == b.fields.map(\.value)
    }
}
