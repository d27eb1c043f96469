import RawStructuredFieldValues

/// A signature's parameters as a structured-field inner list (RFC 8941 §4.1.1.1), written directly:
/// every signed answer writes them twice (its `Signature-Input` and its base's last line) and every
/// verified request once. Built as the library's `InnerList` (an ordered map per item) and written
/// by its serializer, that was about 13 % of the signature work alone (`dancu-bench
/// exchange-signatures`, perf). Our own parameters are written from their fields; a received list
/// from its items. A signature's parameters hold strings, integers and booleans only; a list with
/// anything else, or with a value RFC 8941 does not allow, is nil here and goes to the library, which
/// writes it or refuses it (`InnerListWriterTests` holds both to the same text).
struct InnerListWriter {
    private var bytes: [UInt8] = []

    private init() {
        bytes.reserveCapacity(256)
    }

    private var written: String { String(decoding: bytes, as: UTF8.self) }

    /// `parameters` with their components, in the order `SignatureParameters.innerList` gives them.
    static func text(_ parameters: SignatureParameters) -> String? {
        var writer = InnerListWriter()
        writer.bytes.append(UInt8(ascii: "("))
        for (index, component) in parameters.components.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: " ")) }
            guard writer.string(component.name) else { return nil }
            if component.fromRequest { writer.append(";req") }
        }
        writer.bytes.append(UInt8(ascii: ")"))
        if let created = parameters.created { guard writer.parameter("created", .integer(created)) else { return nil } }
        if let expires = parameters.expires { guard writer.parameter("expires", .integer(expires)) else { return nil } }
        if let nonce = parameters.nonce { guard writer.parameter("nonce", .string(nonce)) else { return nil } }
        if let keyId = parameters.keyId { guard writer.parameter("keyid", .string(keyId)) else { return nil } }
        if let algorithm = parameters.algorithm { guard writer.parameter("alg", .string(algorithm)) else { return nil } }
        if let tag = parameters.tag { guard writer.parameter("tag", .string(tag)) else { return nil } }
        return writer.written
    }

    /// A list as it was received.
    static func text(_ list: InnerList) -> String? {
        var writer = InnerListWriter()
        writer.bytes.append(UInt8(ascii: "("))
        var first = true
        for item in list.bareInnerList {
            if !first { writer.bytes.append(UInt8(ascii: " ")) }
            first = false
            guard writer.bareItem(item.bareItem), writer.parameters(item.parameters) else { return nil }
        }
        writer.bytes.append(UInt8(ascii: ")"))
        guard writer.parameters(list.parameters) else { return nil }
        return writer.written
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func parameters(_ parameters: OrderedMap<String, BareItem>) -> Bool {
        for (key, value) in parameters {
            guard parameter(key, value) else { return false }
        }
        return true
    }

    private mutating func parameter(_ key: String, _ value: BareItem) -> Bool {
        guard Self.isKey(key) else { return false }
        bytes.append(UInt8(ascii: ";"))
        append(key)
        if case .bool(true) = value { return true }
        bytes.append(UInt8(ascii: "="))
        return bareItem(value)
    }

    private mutating func bareItem(_ item: BareItem) -> Bool {
        switch item {
        case .bool(let value):
            append(value ? "?1" : "?0")
        case .integer(let value):
            guard value >= -999_999_999_999_999 && value <= 999_999_999_999_999 else { return false }
            append(String(value))
        case .string(let value):
            return string(value)
        default:
            return false
        }
        return true
    }

    /// Printable ASCII only, in quotes; a quote or a backslash is escaped.
    private mutating func string(_ value: String) -> Bool {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            guard byte >= 0x20 && byte <= 0x7E else { return false }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return true
    }

    /// `key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )`
    static func isKey(_ key: String) -> Bool {
        var first = true
        for byte in key.utf8 {
            let lower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            if first {
                guard lower || byte == UInt8(ascii: "*") else { return false }
                first = false
                continue
            }
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard lower || digit || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "*")
            else { return false }
        }
        return !first
    }
}
