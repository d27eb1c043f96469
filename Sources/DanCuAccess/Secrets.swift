import Crypto
import DanCuCore
import Foundation
import HummingbirdBcrypt

/// Passwords are kept as bcrypt hashes: slow on purpose and salted per account.
public struct PasswordHasher: Sendable {
    /// log2 of bcrypt's rounds. 12 takes a few hundred milliseconds here; tests use the minimum, 4.
    public let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = min(max(cost, 4), 31) }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// What a password must be. bcrypt reads at most 72 bytes, so longer ones are refused rather
    /// than silently cut.
    public static func check(_ password: String) throws(AccessError) {
        guard password.count >= 12 else { throw .invalid(field: "password", detail: "use at least 12 characters") }
        guard password.utf8.count <= 72 else { throw .invalid(field: "password", detail: "use at most 72 bytes") }
    }
}

/// Random secrets: bearer tokens and generated passwords. Only a token's SHA-256 is stored, so a copy
/// of the database gives no one a working token.
public enum Secrets {
    public static let tokenPrefix = "dct_"

    public static func newToken() -> String {
        tokenPrefix + base64url(randomBytes(32))
    }

    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).withUnsafeBytes { ByteText.hex($0) }
    }

    /// A password of 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    public static func newPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Compares secrets (hashes, CSRF tokens) in time that does not depend on where they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// `count` bytes from the system's generator, eight per call (one `getrandom` each, not one per byte).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count { withUnsafeBytes(of: rng.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return Array(bytes.prefix(count))
    }

    public static func base64url(_ bytes: [UInt8]) -> String {
        ByteText.base64URL(bytes)
    }
}
