import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226, HMAC-SHA-1, 6 digits, 30-second steps), as
/// authenticator apps compute them. Written here rather than taken from HummingbirdOTP, which would
/// bring the HTTP framework below the edge.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public let digits: Int
    public let step: Int64

    public init(secret: [UInt8], digits: Int = 6, step: Int64 = 30) {
        self.secret = secret
        self.digits = digits
        self.step = step
    }

    /// A new 20-byte secret.
    public static func newSecret() -> [UInt8] {
        Secrets.randomBytes(20)
    }

    /// The code for the time step holding `unixSeconds`.
    public func code(at unixSeconds: Int64) -> String {
        code(counter: UInt64(unixSeconds / step))
    }

    func code(counter: UInt64) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * $0)) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// Whether `code` is right for now or one step either side (clock drift), and which step it was,
    /// so that a used code cannot be replayed.
    public func matches(_ code: String, at unixSeconds: Int64) -> Int64? {
        let now = unixSeconds / step
        for counter in [now, now - 1, now + 1] where counter >= 0 {
            if Secrets.constantTimeEqual(Array(self.code(counter: UInt64(counter)).utf8), Array(code.utf8)) { return counter }
        }
        return nil
    }

    /// `otpauth://totp/…` for an authenticator app's QR code.
    public func provisioningURL(account: String, issuer: String = "DanCu") -> String {
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? account
        return "otpauth://totp/\(label)?secret=\(Self.base32(secret))&issuer=\(issuer)&digits=\(digits)&period=\(step)"
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }
}
