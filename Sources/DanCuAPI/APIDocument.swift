public import Foundation
import Yams

/// The API's one description, `openapi.yaml`: what people read, what the generator turns into the
/// types under `Generated/`, and what `/openapi.json` serves, converted once at start.
public enum APIDocument {
    public enum Failure: Error, CustomStringConvertible {
        case missing
        case notAnObject

        public var description: String {
            switch self {
            case .missing: "openapi.yaml is missing from the build"
            case .notAnObject: "openapi.yaml does not hold an OpenAPI object"
            }
        }
    }

    public static func yaml() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else { throw Failure.missing }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The document as JSON, keys sorted so that the bytes are the same on every start.
    public static func json() throws -> Data {
        try converted.get()
    }

    /// Converted once a process: the document is part of the build, and every router built (each
    /// test's server among them) serves the same bytes.
    private static let converted = Result { try json(fromYAML: try yaml()) }

    public static func json(fromYAML text: String) throws -> Data {
        guard let object = try Yams.load(yaml: text) as? [String: Any] else { throw Failure.notAnObject }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
