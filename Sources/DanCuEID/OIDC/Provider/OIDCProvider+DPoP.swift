import DanCuCore
import DanCuStore
import Foundation

extension OIDCProvider {
    /// Checks a DPoP proof sent to one of the provider's endpoints (`path`, after the issuer) and
    /// remembers it: the same proof presented again is refused (RFC 9449 §11.1). A proof is kept until
    /// its `iat` falls out of the accepted window, after which its `iat` refuses it anyway.
    public func acceptDPoP(_ proof: String, method: String, path: String, accessToken: String? = nil) async throws -> DPoPProof {
        let now = WallClock.nowMicros()
        let checked = try DPoPProof.check(proof, method: method, uri: issuer + path, accessToken: accessToken, now: now / 1_000_000)
        let key = Self.hash(checked.jkt + " " + checked.jti)
        do {
            try await store.write { db in
                try db.execute("DELETE FROM oidc_dpop_proofs WHERE expires_at < ?", [.int(now)])
                try db.execute(
                    "INSERT INTO oidc_dpop_proofs (proof_key, expires_at) VALUES (?,?)",
                    [.text(key), .int((checked.issuedAt + 2 * DPoPProof.window) * 1_000_000)])
            }
        } catch StoreError.uniqueViolation {
            throw OAuthError(.invalidDPoPProof, "the DPoP proof was used before (jti): make a new proof for each request")
        }
        return checked
    }
}
