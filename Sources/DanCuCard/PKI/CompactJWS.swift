public import Crypto
import DanCuCore
public import Foundation

/// Signs payloads as compact JWS (RFC 7515) with ES256 under one fixed protected header: the card
/// verdicts' and the result documents' signatures.
struct CompactJWS: Sendable {
    let key: P256.Signing.PrivateKey
    /// The protected header, base64url.
    let header: String

    init(key: P256.Signing.PrivateKey, header: [String: Any]) throws {
        self.key = key
        var fields = header
        fields["alg"] = "ES256"
        self.header = ByteText.base64URL(try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]))
    }

    func sign(_ payload: Data) throws -> String {
        let input = header + "." + ByteText.base64URL(payload)
        let signature = try key.signature(for: Data(input.utf8)).rawRepresentation
        return input + "." + ByteText.base64URL(signature)
    }
}
