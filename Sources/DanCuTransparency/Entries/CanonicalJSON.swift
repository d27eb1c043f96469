/// JSON in the one spelling RFC 8785 (JCS) gives it, for the values public entries use: members sorted
/// by their UTF-16 code units, no white space, strings escaped only where JSON must, integers only.
/// Anyone can re-encode an entry they parsed and get the very bytes that were hashed.
public enum CanonicalJSON: Sendable {
    case null
    case int(Int64)
    case string(String)
    /// Bytes, as the string of their standard base64 (RFC 4648 §4).
    case base64([UInt8])
    case array([CanonicalJSON])
    /// Members in any order (the encoding sorts them); a key given twice is a caller's error.
    case object(KeyValuePairs<String, CanonicalJSON>)

    public init(_ value: String?) { self = value.map { .string($0) } ?? .null }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out)
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .int(let i): Self.write(i, into: &out)
        case .string(let s): Self.write(s, into: &out)
        case .base64(let bytes): Self.writeBase64(bytes, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            if Self.inOrder(members) {
                Self.write(members: members, into: &out)
            } else {
                Self.write(members: Self.sorted(members), into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func write<Members: Collection<(key: String, value: CanonicalJSON)>>(members: Members, into out: inout [UInt8]) {
        var first = true
        for member in members {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            write(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            member.value.write(into: &out)
        }
    }

    /// Whether the members already come in RFC 8785's order (as DanCu's entries spell them), so the
    /// encoding need not sort them.
    private static func inOrder(_ members: KeyValuePairs<String, CanonicalJSON>) -> Bool {
        var previous: String?
        for member in members {
            guard member.key.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
            if let previous, !previous.utf8.lexicographicallyPrecedes(member.key.utf8) { return false }
            previous = member.key
        }
        return true
    }

    /// By UTF-16 code units, as RFC 8785 says; for ASCII keys that is their bytes' order.
    private static func sorted(_ members: KeyValuePairs<String, CanonicalJSON>) -> [(key: String, value: CanonicalJSON)] {
        if members.allSatisfy({ $0.key.utf8.allSatisfy { $0 < 0x80 } }) {
            return members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        }
        return members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
    }

    static func write(_ i: Int64, into out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = i.magnitude
        var divisor: UInt64 = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }

    static func writeBase64(_ bytes: [UInt8], into out: inout [UInt8]) {
        let alphabet = base64Alphabet
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i + 3 <= bytes.count {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out.append(alphabet[n >> 18])
            out.append(alphabet[n >> 12 & 63])
            out.append(alphabet[n >> 6 & 63])
            out.append(alphabet[n & 63])
            i += 3
        }
        switch bytes.count - i {
        case 1:
            let n = Int(bytes[i]) << 16
            out.append(contentsOf: [alphabet[n >> 18], alphabet[n >> 12 & 63], UInt8(ascii: "="), UInt8(ascii: "=")])
        case 2:
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out.append(contentsOf: [alphabet[n >> 18], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63], UInt8(ascii: "=")])
        default: break
        }
        out.append(UInt8(ascii: "\""))
    }

    static func write(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            // Runs of bytes that need no escape go in whole: a signature base has a quote or a line feed
            // every few dozen bytes.
            var start = 0
            for (i, byte) in bytes.enumerated() where needsEscape(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                escape(byte, into: &out)
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        if written == nil {
            for byte in string.utf8 { escape(byte, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A control character, a quote or a backslash: what a JSON string must escape.
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// Byte by byte: an array literal here would be a heap allocation for every escaped byte.
    private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
        let short: UInt8? =
            switch byte {
            case 0x22: 0x22
            case 0x5C: 0x5C
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: nil
            }
        if let short {
            out.append(0x5C)
            out.append(short)
        } else if byte < 0x20 {
            out.append(0x5C)
            out.append(UInt8(ascii: "u"))
            out.append(0x30)
            out.append(0x30)
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        } else {
            out.append(byte)
        }
    }
}
