public import Crypto
import DanCuCore

/// A P-256 public key as a JWK (RFC 7517, RFC 7518 §6.2) for ES256 signatures: what the OIDC provider's
/// JWKS and the document signers' trust list both publish.
public enum ES256JWK {
    public static func members(of key: P256.Signing.PublicKey, kid: String) -> [String: String] {
        let raw = Array(key.rawRepresentation)
        return [
            "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid,
            "x": ByteText.base64URL(raw[0..<32]), "y": ByteText.base64URL(raw[32..<64]),
        ]
    }
}
