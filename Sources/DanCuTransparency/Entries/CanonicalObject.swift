/// A canonical JSON object (RFC 8785) written member by member straight into its bytes, for the
/// entries the logs make on every access: `CanonicalJSON`'s tree of values cost 5 % of a gate read's
/// CPU. The caller gives the members in RFC 8785's order, with ASCII keys that need no escaping, and
/// `isCanonical` says whether it did (keys are the code's, not input); the tests hold its bytes to
/// `CanonicalJSON`'s.
public struct CanonicalObject {
    private var out: [UInt8]
    private var previousKey: StaticString?
    private var misordered = false

    public init(capacity: Int = 512) {
        out = []
        out.reserveCapacity(capacity)
        out.append(UInt8(ascii: "{"))
    }

    public mutating func member(_ key: StaticString, _ value: String?) {
        writeKey(key)
        guard let value else { return out.append(contentsOf: "null".utf8) }
        CanonicalJSON.write(value, into: &out)
    }

    public mutating func member(_ key: StaticString, _ value: Int64) {
        writeKey(key)
        CanonicalJSON.write(value, into: &out)
    }

    public mutating func member(_ key: StaticString, strings: [String]) {
        writeKey(key)
        out.append(UInt8(ascii: "["))
        for (i, value) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.write(value, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Bytes, as the string of their standard base64.
    public mutating func member(_ key: StaticString, base64 bytes: [UInt8]) {
        writeKey(key)
        CanonicalJSON.writeBase64(bytes, into: &out)
    }

    /// False if a key came out of RFC 8785's order or was not plain ASCII: a caller's error.
    public var isCanonical: Bool { !misordered }

    /// The object's bytes.
    public consuming func finish() -> [UInt8] {
        out.append(UInt8(ascii: "}"))
        return out
    }

    private mutating func writeKey(_ key: StaticString) {
        // `withUTF8Buffer`, not `utf8Start`: a one-character key may be stored as a scalar, not bytes.
        key.withUTF8Buffer { bytes in
            if let previousKey {
                if !previousKey.withUTF8Buffer({ $0.lexicographicallyPrecedes(bytes) }) { misordered = true }
                out.append(UInt8(ascii: ","))
            }
            if !key.isASCII || bytes.contains(where: CanonicalJSON.needsEscape) { misordered = true }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            // Byte by byte: an array literal here would be a heap allocation for every key of every entry.
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        previousKey = key
    }
}
