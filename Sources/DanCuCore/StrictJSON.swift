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
        var lastComma: Int?
        var offset = 0
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "\""):
                offset = end(ofStringFrom: offset + 1, in: bytes)
                lastComma = nil
                continue
            case UInt8(ascii: ","): lastComma = offset
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let lastComma { return lastComma }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            default: lastComma = nil
            }
            offset += 1
        }
        return nil
    }

    /// The offset just past the quote that closes the string whose content starts at `start`, or the
    /// end of `bytes` for a string never closed. A file sent inside a body is one long string (a 64 KiB
    /// attachment in base64): `memchr` finds its end without a branch a byte.
    static func end(ofStringFrom start: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var from = start
        while from < bytes.count, let found = memchr(base + from, Int32(UInt8(ascii: "\"")), bytes.count - from) {
            let quote = base.distance(to: UnsafeRawPointer(found))
            // Escaped when an odd number of backslashes stand right before it (`\\"` ends the string).
            var backslashes = 0
            while quote - backslashes - 1 >= start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            from = quote + 1
        }
        return bytes.count
    }
}
