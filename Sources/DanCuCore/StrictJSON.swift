public import Foundation

/// Where Foundation's JSON reader is kinder than RFC 8259: it takes `[1,]` and `{"a":1,}`.
public enum StrictJSON {
    /// A JSON object read strictly: RFC 8259 (no trailing comma), an object, and only the members
    /// `allowed` names (all, when nil); each refusal names its part.
    public static func object(_ data: Data, allowed: Set<String>?, what: String) throws(RuleViolation) -> [String: Any] {
        if let offset = trailingComma(in: data) { throw RuleViolation(field: "body", rule: "json", detail: "a trailing comma at byte \(offset)") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw RuleViolation(field: "body", rule: "json", detail: "send a JSON object")
        }
        if let allowed, let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RuleViolation(
                field: String(unknown.prefix(60)), rule: "unknown", detail: "is not a field of \(what): use \(allowed.sorted().joined(separator: ", "))")
        }
        return object
    }

    /// The offset of the first comma followed (after whitespace) by `]` or `}`, outside strings; nil when none.
    public static func trailingComma(in data: Data) -> Int? {
        // Over the raw bytes: Data's own iterator costs a call a byte, which showed in a profile of
        // card verification (25 KB bodies).
        data.withUnsafeBytes { trailingComma(in: $0) }
    }

    public static func trailingComma(in bytes: UnsafeRawBufferPointer) -> Int? {
        var inString = false
        var escaped = false
        var lastComma: Int?
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                lastComma = nil
            case UInt8(ascii: ","): lastComma = offset
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let lastComma { return lastComma }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            default: lastComma = nil
            }
        }
        return nil
    }
}
