/// Lower-case hexadecimal and unpadded base64url of bytes, without Foundation's formatters, which cost
/// microseconds a call on the hot paths that print digests and signatures.
public enum ByteText {
    static let hexDigits = Array("0123456789abcdef".utf8)
    static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 4648 §5, without padding, as JWS and tokens use it.
    public static func base64URL<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let n = Int(input[i]) << 16 | Int(input[i + 1]) << 8 | Int(input[i + 2])
            out += [base64URLAlphabet[n >> 18], base64URLAlphabet[(n >> 12) & 63], base64URLAlphabet[(n >> 6) & 63], base64URLAlphabet[n & 63]]
            i += 3
        }
        switch input.count - i {
        case 1:
            let n = Int(input[i]) << 16
            out += [base64URLAlphabet[n >> 18], base64URLAlphabet[(n >> 12) & 63]]
        case 2:
            let n = Int(input[i]) << 16 | Int(input[i + 1]) << 8
            out += [base64URLAlphabet[n >> 18], base64URLAlphabet[(n >> 12) & 63], base64URLAlphabet[(n >> 6) & 63]]
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded base64url; nil for any character outside the alphabet, padding included,
    /// or a length no encoder makes.
    public static func bytes(base64URL text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var accumulator = 0
        var bits = 0
        for character in text.utf8 {
            let value: Int
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = Int(character) - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = Int(character) - 71
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(character) + 4
            case UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "_"): value = 63
            default: return nil
            }
            accumulator = (accumulator << 6 | value) & 0xffffff
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> bits) & 0xff))
            }
        }
        guard bits < 6, accumulator & ((1 << bits) - 1) == 0 else { return nil }
        return out
    }
}
