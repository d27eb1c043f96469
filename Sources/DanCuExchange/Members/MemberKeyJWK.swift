import Crypto
public import DanCuCore
public import Foundation

/// A member system's public keys as it registers them: a JWK Set (RFC 7517) of Ed25519 keys (RFC 8037,
/// `"kty": "OKP", "crv": "Ed25519"`) and P-256 keys (RFC 7518, `"kty": "EC", "crv": "P-256"`), each
/// named by its `kid`, which requests cite as `keyid`. A key with private parts is refused outright: a
/// member that sends one has leaked it, and must make a new one.
public enum MemberKeyJWK {
    public struct Key: Sendable {
        public let keyId: String
        public let key: VerificationKey

        public init(keyId: String, key: VerificationKey) {
            self.keyId = keyId
            self.key = key
        }
    }

    /// The keys of a JWK Set, or every problem with it, each naming its member (`keys[1].x`).
    public static func parseSet(_ json: Data) throws(RuleViolations) -> [Key] {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any], let keys = object["keys"] as? [Any] else {
            throw RuleViolations([RuleViolation(field: "keys", rule: "jwks", detail: "give a JWK Set: {\"keys\": [ … ]}")])
        }
        guard !keys.isEmpty else { throw RuleViolations([RuleViolation(field: "keys", rule: "jwks", detail: "the set has no key")]) }
        var parsed: [Key] = []
        var problems: [RuleViolation] = []
        for (index, member) in keys.enumerated() {
            do throws(RuleViolation) {
                let key = try parse(member, at: "keys[\(index)]")
                if parsed.contains(where: { $0.keyId == key.keyId }) {
                    throw RuleViolation(field: "keys[\(index)].kid", rule: "jwks", detail: "\(key.keyId) is in the set twice")
                }
                parsed.append(key)
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw RuleViolations(problems) }
        return parsed
    }

    public static func parse(_ member: Any, at path: String) throws(RuleViolation) -> Key {
        guard let jwk = member as? [String: Any] else { throw RuleViolation(field: path, rule: "jwk", detail: "is not a JSON object") }
        func text(_ name: String) throws(RuleViolation) -> String {
            guard let value = jwk[name] as? String, !value.isEmpty else {
                throw RuleViolation(field: "\(path).\(name)", rule: "jwk", detail: "is missing")
            }
            return value
        }
        func bytes(_ name: String, count: Int) throws(RuleViolation) -> Data {
            guard let bytes = ByteText.bytes(base64URL: try text(name)), bytes.count == count else {
                throw RuleViolation(field: "\(path).\(name)", rule: "jwk", detail: "is not \(count) bytes of base64url")
            }
            return Data(bytes)
        }
        for secret in ["d", "p", "q", "dp", "dq", "qi", "k"] where jwk[secret] != nil {
            throw RuleViolation(field: "\(path).\(secret)", rule: "jwk", detail: "a private key part was sent: send the public key only, and make a new key")
        }
        let keyId = try text("kid")
        guard keyId.count <= 128, keyId.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" && $0 != "\\" }) else {
            throw RuleViolation(field: "\(path).kid", rule: "jwk", detail: "is 1 to 128 printable ASCII characters without quotes")
        }
        if let use = jwk["use"] as? String, use != "sig" {
            throw RuleViolation(field: "\(path).use", rule: "jwk", detail: "is \(use); a member's key signs (sig)")
        }
        switch (try text("kty"), jwk["crv"] as? String) {
        case ("OKP", "Ed25519"):
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: try bytes("x", count: 32)) else {
                throw RuleViolation(field: "\(path).x", rule: "jwk", detail: "is not an Ed25519 public key")
            }
            return Key(keyId: keyId, key: .ed25519(key))
        case ("EC", "P-256"):
            let point = Data([0x04]) + (try bytes("x", count: 32)) + (try bytes("y", count: 32))
            guard let key = try? P256.Signing.PublicKey(x963Representation: point) else {
                throw RuleViolation(field: "\(path).x", rule: "jwk", detail: "x and y are not a point on P-256")
            }
            return Key(keyId: keyId, key: .p256(key))
        case (let kty, let crv):
            throw RuleViolation(field: "\(path).crv", rule: "jwk", detail: "\(kty) \(crv ?? "without crv") is not accepted: use OKP Ed25519 or EC P-256")
        }
    }

    /// The public JWK of a key, as DanCu publishes its own exchange keys.
    public static func jwk(of key: VerificationKey, keyId: String) -> [String: String] {
        switch key {
        case .ed25519(let k):
            ["kty": "OKP", "crv": "Ed25519", "x": ByteText.base64URL(k.rawRepresentation), "kid": keyId, "use": "sig", "alg": "Ed25519"]
        case .p256(let k):
            [
                "kty": "EC", "crv": "P-256", "x": ByteText.base64URL(k.x963Representation.dropFirst().prefix(32)),
                "y": ByteText.base64URL(k.x963Representation.suffix(32)), "kid": keyId, "use": "sig", "alg": "ES256",
            ]
        }
    }
}

/// Every problem with an input, each naming its field.
public struct RuleViolations: Error, Equatable, Sendable, CustomStringConvertible {
    public let violations: [RuleViolation]
    public init(_ violations: [RuleViolation]) { self.violations = violations }
    public var description: String { violations.map(\.description).joined(separator: "; ") }
}
