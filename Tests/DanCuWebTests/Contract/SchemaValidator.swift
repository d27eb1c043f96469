import Foundation

/// Checks a JSON value against a JSON Schema (2020-12, the dialect of OpenAPI 3.1), for the keywords
/// openapi.yaml uses: $ref to components, type (one or a list), enum, const, properties, required,
/// additionalProperties, items, oneOf, anyOf, allOf, pattern, minLength, maxLength, minimum, maximum,
/// minItems, maxItems, minProperties, maxProperties, propertyNames, and the formats date and date-time. A keyword it does not know is a violation,
/// so that a document that starts using one cannot pass unchecked.
struct SchemaValidator {
    let document: JSONValue

    static let known: Set<String> = [
        "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items", "oneOf", "anyOf", "allOf",
        "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "minProperties", "maxProperties", "propertyNames", "format",
        "description", "title",
        "examples", "example", "default", "deprecated", "readOnly", "writeOnly", "contentEncoding", "contentMediaType",
    ]

    /// Each way `value` breaks `schema`, as "path: what"; empty when it conforms.
    func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if case .bool(let allow) = schema { return allow ? [] : ["\(path): no value is allowed here"] }
        guard let rules = schema.object else { return ["\(path): the schema is not an object"] }
        var found = rules.keys.filter { !Self.known.contains($0) && !$0.hasPrefix("x-") }.sorted()
            .map { "\(path): the validator does not know the keyword \($0)" }
        if let ref = rules["$ref"]?.string {
            guard let target = resolve(ref) else { return found + ["\(path): \(ref) does not resolve"] }
            found += violations(of: value, against: target, at: path)
        }
        if let types = rules["type"] {
            let allowed = types.array?.compactMap(\.string) ?? [types.string ?? ""]
            if !allowed.contains(where: { Self.value(value, is: $0) }) {
                return found + ["\(path): \(value) is not \(allowed.joined(separator: " or "))"]
            }
        }
        if let options = rules["enum"]?.array, !options.contains(value) { found.append("\(path): \(value) is not one of \(options)") }
        if let constant = rules["const"], constant != value { found.append("\(path): must be \(constant)") }
        switch value {
        case .string(let text): found += stringViolations(text, rules, path)
        case .number(let number):
            if let minimum = rules["minimum"]?.number, number < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = rules["maximum"]?.number, number > maximum { found.append("\(path): above \(maximum)") }
        case .object(let object):
            found += objectViolations(object, rules, path)
            if let min = rules["minProperties"]?.int, object.count < min { found.append("\(path): fewer than \(min) members") }
            if let max = rules["maxProperties"]?.int, object.count > max { found.append("\(path): more than \(max) members") }
            if let names = rules["propertyNames"] {
                for name in object.keys.sorted() { found += violations(of: .string(name), against: names, at: "\(path){\(name)}") }
            }
        case .array(let array):
            if let min = rules["minItems"]?.int, array.count < min { found.append("\(path): fewer than \(min) items") }
            if let max = rules["maxItems"]?.int, array.count > max { found.append("\(path): more than \(max) items") }
            if let items = rules["items"] {
                for (index, item) in array.enumerated() { found += violations(of: item, against: items, at: "\(path)[\(index)]") }
            }
        default: break
        }
        for sub in rules["allOf"]?.array ?? [] { found += violations(of: value, against: sub, at: path) }
        if let options = rules["anyOf"]?.array, !options.contains(where: { violations(of: value, against: $0, at: path).isEmpty }) {
            found.append("\(path): matches none of anyOf")
        }
        if let options = rules["oneOf"]?.array {
            let matching = options.filter { violations(of: value, against: $0, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): matches \(matching) of oneOf, not exactly one") }
        }
        return found
    }

    private func stringViolations(_ text: String, _ rules: [String: JSONValue], _ path: String) -> [String] {
        var found: [String] = []
        if let min = rules["minLength"]?.int, text.count < min { found.append("\(path): shorter than \(min)") }
        if let max = rules["maxLength"]?.int, text.count > max { found.append("\(path): longer than \(max)") }
        if let pattern = rules["pattern"]?.string {
            if let regex = try? NSRegularExpression(pattern: pattern) {
                if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    found.append("\(path): '\(text.prefix(40))' does not match \(pattern)")
                }
            } else {
                found.append("\(path): the pattern \(pattern) does not compile")
            }
        }
        let shapes = ["date": #"^\d{4}-\d{2}-\d{2}$"#, "date-time": #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#]
        if let format = rules["format"]?.string, let shape = shapes[format], text.range(of: shape, options: .regularExpression) == nil {
            found.append("\(path): '\(text.prefix(40))' is not a \(format)")
        }
        return found
    }

    private func objectViolations(_ object: [String: JSONValue], _ rules: [String: JSONValue], _ path: String) -> [String] {
        var found: [String] = []
        let properties = rules["properties"]?.object ?? [:]
        for name in rules["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
            found.append("\(path).\(name): is required")
        }
        for (name, member) in object.sorted(by: { $0.key < $1.key }) {
            if let property = properties[name] {
                found += violations(of: member, against: property, at: "\(path).\(name)")
            } else if let extra = rules["additionalProperties"] {
                found += violations(of: member, against: extra, at: "\(path).\(name)")
            }
        }
        return found
    }

    func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node = document
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = node[String(part)] else { return nil }
            node = next
        }
        return node
    }

    static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .number(let n)): n.rounded() == n
        default: false
        }
    }
}
