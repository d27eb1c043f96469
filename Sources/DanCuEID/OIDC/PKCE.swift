import Crypto
import DanCuCore

/// Proof Key for Code Exchange (RFC 7636), S256 only: plain is refused, as OAuth 2.1 and FAPI require.
public enum PKCE {
    /// Checks a `code_challenge` as it arrives with the authorization request: 43 characters of base64url.
    public static func checkChallenge(_ challenge: String?, method: String?) throws(OAuthError) -> String {
        guard let challenge else { throw OAuthError(.invalidRequest, "code_challenge is required (PKCE)") }
        guard method == "S256" else { throw OAuthError(.invalidRequest, "code_challenge_method must be S256") }
        guard challenge.count == 43, challenge.utf8.allSatisfy(isBase64URL) else {
            throw OAuthError(.invalidRequest, "code_challenge must be the base64url SHA-256 of the verifier (43 characters)")
        }
        return challenge
    }

    /// Whether `verifier` (43 to 128 unreserved characters) hashes to `challenge`.
    public static func verify(_ verifier: String?, against challenge: String) throws(OAuthError) {
        guard let verifier, (43...128).contains(verifier.utf8.count),
            verifier.utf8.allSatisfy({ isBase64URL($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "~") })
        else {
            throw OAuthError(.invalidGrant, "code_verifier must be 43 to 128 unreserved characters")
        }
        guard challengeOf(verifier) == challenge else { throw OAuthError(.invalidGrant, "code_verifier does not match code_challenge") }
    }

    public static func challengeOf(_ verifier: String) -> String { ByteText.base64URL(SHA256.hash(data: Array(verifier.utf8))) }

    static func isBase64URL(_ c: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }
}
