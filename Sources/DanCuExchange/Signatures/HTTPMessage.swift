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
        // Looked up a dozen times a request: compared byte by byte, folding ASCII case, without lowercasing copies.
        var found: String?
        for field in fields where Self.sameName(field.name, name) {
            let value = Self.trimmed(field.value)
            found = found.map { $0 + ", " + value } ?? value
        }
        return found
    }

    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) }
    }

    static func trimmed(_ value: String) -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = value.utf8.first, let last = value.utf8.last, blank(first) || blank(last) else { return value }
        return value.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    }

    public static func == (a: HTTPMessage, b: HTTPMessage) -> Bool {
        a.kind == b.kind && a.fields.map(\.name) == b.fields.map(\.name) && a.fields.map(\.value) == b.fields.map(\.value)
    }
}
