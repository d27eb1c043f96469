public import Crypto
import DanCuCore

/// The `sub` a relying party sees (OIDC Core §8). Pairwise by default: an HMAC of the account and the
/// relying party's sector under the installation's secret salt, so two relying parties cannot join
/// their users by `sub`. Only government services entitled to it by law see the personal number.
public struct SubjectIdentifiers: Sendable {
    let salt: SymmetricKey

    public init(salt: SymmetricKey) { self.salt = salt }

    public enum Kind: String, Codable, Sendable {
        case pairwise
        /// The personal number itself: for government services with a legal basis only.
        case personalNumber = "personal-number"
    }

    public func subject(for account: String, sector: String, kind: Kind) -> String {
        switch kind {
        case .personalNumber: return account
        case .pairwise:
            let mac = HMAC<SHA256>.authenticationCode(for: Array((sector + "\u{0}" + account).utf8), using: salt)
            return ByteText.base64URL(mac)
        }
    }
}
