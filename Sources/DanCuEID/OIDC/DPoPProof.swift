import Crypto
import DanCuCore
import Foundation

/// A DPoP proof (RFC 9449 §4): a JWT the client signs with a key it holds, for one HTTP request.
/// Tokens issued with a proof are bound to that key's thumbprint (`jkt`) and are worthless without
/// the key. Checking a proof is pure; that its `jti` was not seen before is the provider's to check.
public struct DPoPProof: Equatable, Sendable {
    /// The RFC 7638 SHA-256 thumbprint of the proof's public key, base64url.
    public let jkt: String
    public let jti: String
    /// Seconds since 1970.
    public let issuedAt: Int64

    /// How far a proof's `iat` may stray from the server's clock, in seconds, either way.
    public static let window: Int64 = 60
    public static let algorithms = ["ES256"]

    /// Checks the proof for a request with `method` to `uri` (scheme, host and path; no query), at
    /// `now` (seconds). With `accessToken`, the proof must carry its hash (`ath`), as at a resource.
    public static func check(_ compact: String, method: String, uri: String, accessToken: String? = nil, now: Int64) throws(OAuthError) -> DPoPProof {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard compact.utf8.count <= 4_096, parts.count == 3,
            let headerBytes = ByteText.bytes(base64URL: String(parts[0])), let claimBytes = ByteText.bytes(base64URL: String(parts[1])),
            let signature = ByteText.bytes(base64URL: String(parts[2])),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
            let claims = try? JSONSerialization.jsonObject(with: Data(claimBytes)) as? [String: Any]
        else {
            throw invalid("the DPoP header is not a JWT")
        }
        guard header["typ"] as? String == "dpop+jwt" else { throw invalid("the proof's typ must be dpop+jwt") }
        guard let alg = header["alg"] as? String, algorithms.contains(alg) else { throw invalid("the proof's alg must be ES256") }
        guard let jwk = header["jwk"] as? [String: Any], jwk["d"] == nil, jwk["kty"] as? String == "EC", jwk["crv"] as? String == "P-256",
            let x = jwk["x"] as? String, let y = jwk["y"] as? String,
            let xBytes = ByteText.bytes(base64URL: x), let yBytes = ByteText.bytes(base64URL: y), xBytes.count == 32, yBytes.count == 32,
            let key = try? P256.Signing.PublicKey(rawRepresentation: xBytes + yBytes)
        else {
            throw invalid("the proof's jwk must be a public P-256 key")
        }
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature), key.isValidSignature(ecdsa, for: signed) else {
            throw invalid("the proof's signature does not verify with its jwk")
        }
        guard let jti = claims["jti"] as? String, !jti.isEmpty, jti.utf8.count <= 256 else { throw invalid("the proof needs a jti") }
        guard claims["htm"] as? String == method else { throw invalid("the proof's htm is not \(method)") }
        guard let htu = claims["htu"] as? String, normalised(htu) == normalised(uri) else { throw invalid("the proof's htu is not \(uri)") }
        // Compared as a Double first: any number can arrive, and Int64 arithmetic on a huge one would trap.
        guard let seconds = (claims["iat"] as? NSNumber)?.doubleValue, seconds.isFinite, abs(seconds - Double(now)) <= Double(window) else {
            throw invalid("the proof's iat is missing or more than \(window) s from the server's clock")
        }
        let iat = Int64(seconds)
        if let accessToken {
            let expected = ByteText.base64URL(Array(SHA256.hash(data: Data(accessToken.utf8))))
            guard claims["ath"] as? String == expected else { throw invalid("the proof's ath is not the hash of the access token") }
        }
        return DPoPProof(jkt: thumbprint(x: x, y: y), jti: jti, issuedAt: iat)
    }

    /// RFC 7638: SHA-256 over the required members in lexicographic order, without spaces.
    public static func thumbprint(x: String, y: String) -> String {
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#
        return ByteText.base64URL(Array(SHA256.hash(data: Data(canonical.utf8))))
    }

    /// RFC 9449 §4.3: `htu` is compared without query and fragment; scheme and host are case-insensitive.
    static func normalised(_ uri: String) -> String {
        let bare = uri.prefix { $0 != "?" && $0 != "#" }
        guard let schemeEnd = bare.range(of: "://") else { return String(bare) }
        let authorityEnd = bare[schemeEnd.upperBound...].firstIndex(of: "/") ?? bare.endIndex
        return bare[..<authorityEnd].lowercased() + bare[authorityEnd...]
    }

    static func invalid(_ detail: String) -> OAuthError { OAuthError(.invalidDPoPProof, detail) }
}
