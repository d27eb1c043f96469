import Crypto
import DanCuCore
public import Foundation

/// A client's DPoP key, making proofs the way a relying party's library does (RFC 9449 §4.2).
public struct DPoPKey: Sendable {
    let key = P256.Signing.PrivateKey()

    public init() {}

    public var jwk: [String: String] {
        let raw = Array(key.publicKey.rawRepresentation)
        return ["kty": "EC", "crv": "P-256", "x": ByteText.base64URL(raw[0..<32]), "y": ByteText.base64URL(raw[32..<64])]
    }

    /// RFC 7638 computed apart from the provider's code: JSONSerialization's sorted keys over the
    /// required members.
    public var thumbprint: String {
        let data = (try? JSONSerialization.data(withJSONObject: jwk, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return ByteText.base64URL(Array(SHA256.hash(data: data)))
    }

    public func proof(
        _ method: String, _ uri: String, accessToken: String? = nil, jti: String = UUID().uuidString,
        iat: Int64 = Int64(Date().timeIntervalSince1970), header: [String: Any] = [:], claims: [String: Any] = [:]
    ) throws -> String {
        var head: [String: Any] = ["typ": "dpop+jwt", "alg": "ES256", "jwk": jwk]
        head.merge(header) { $1 }
        var body: [String: Any] = ["jti": jti, "htm": method, "htu": uri, "iat": iat]
        if let accessToken { body["ath"] = ByteText.base64URL(Array(SHA256.hash(data: Data(accessToken.utf8)))) }
        body.merge(claims) { $1 }
        let input =
            ByteText.base64URL(try JSONSerialization.data(withJSONObject: head, options: [.sortedKeys]))
            + "." + ByteText.base64URL(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + ByteText.base64URL(signature.rawRepresentation)
    }
}
