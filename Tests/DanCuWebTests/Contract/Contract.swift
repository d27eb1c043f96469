import DanCuAPI
import Foundation

/// What openapi.yaml promises, as the tests check it: the routes it names and the answers each may give.
struct Contract {
    let document: JSONValue
    var validator: SchemaValidator { SchemaValidator(document: document) }

    static func current() throws -> Contract { try Contract(json: APIDocument.json()) }

    /// Read once for the whole test run: the document does not change while it runs.
    static let shared = Result { try current() }

    init(json: Data) throws { document = try JSONValue.parse(json) }

    /// "METHOD /path" for every operation the document has.
    var documentedRoutes: Set<String> {
        Set(
            (document["paths"]?.object ?? [:]).flatMap { path, item in
                (item.object ?? [:]).keys.filter { Self.methods.contains($0) }.map { "\($0.uppercased()) \(path)" }
            })
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// The routes the server has that the document lacks, and those the document has that the server lacks.
    func differences(served: Set<String>) -> (undocumented: [String], unserved: [String]) {
        let documented = documentedRoutes
        return (served.subtracting(documented).sorted(), documented.subtracting(served).sorted())
    }

    /// The documented operation a request reaches: literal segments win over `{parameters}`, as in the router.
    func operation(method: String, path: String) -> (template: String, operation: JSONValue)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var best: (template: String, operation: JSONValue, literals: Int)?
        for (template, item) in document["paths"]?.object ?? [:] {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count, let operation = item[method.lowercased()] else { continue }
            var literals = 0
            var matches = true
            for (part, segment) in zip(parts, segments) {
                if part.hasPrefix("{") && part.hasSuffix("}") {
                    matches = matches && !segment.isEmpty
                } else if part == segment {
                    literals += 1
                } else {
                    matches = false
                }
            }
            if matches, literals > best?.literals ?? -1 { best = (template, operation, literals) }
        }
        return best.map { ($0.template, $0.operation) }
    }

    /// How an answer breaks the document: a status it does not list, a content type it does not list,
    /// or a JSON body that does not fit the schema. Nil when no documented operation matches (the
    /// router's own 404 and 405 for paths that do not exist).
    func violations(method: String, uri: String, status: Int, contentType: String?, body: Data) -> [String]? {
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        let isHead = method.uppercased() == "HEAD"
        guard let (template, operation) = self.operation(method: isHead ? "GET" : method, path: path) else { return nil }
        let where_ = "\(method) \(template) → \(status)"
        let responses = operation["responses"]?.object ?? [:]
        guard let declared = responses[String(status)] ?? responses["\(status / 100)XX"] ?? responses["default"] else {
            return ["\(where_): the document lists no such status (\(responses.keys.sorted().joined(separator: ", ")))"]
        }
        let response = declared["$ref"]?.string.flatMap(validator.resolve) ?? declared
        guard !isHead, !body.isEmpty else { return [] }
        let type = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let content = response["content"]?.object ?? [:]
        guard let media = content[type] else {
            return ["\(where_): content type '\(type)' is not among \(content.keys.sorted())"]
        }
        guard type == "application/json" || type.hasSuffix("+json"), let schema = media["schema"] else { return [] }
        guard let value = try? JSONValue.parse(body) else { return ["\(where_): the body is not JSON"] }
        return validator.violations(of: value, against: schema).map { "\(where_): \($0)" }
    }
}
