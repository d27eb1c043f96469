import Crypto
import DanCuCore
import Foundation
import X509

/// The verification service's answer: every check with its outcome and reason, and whether all passed.
public struct CardVerdict: Hashable, Codable, Sendable {
    public let verdictId: String
    public let checkedAt: String
    public let valid: Bool
    /// The card the chip belongs to, when the register knows it.
    public let cardId: String?
    public let personalNumber: String?
    public let checks: [VerificationCheck]
}

/// A verdict with its JWS (RFC 7515 compact form, ES256): the payload is the verdict's JSON, the header
/// carries the signing certificate and the CSCA (`x5c`), so a relying party can keep the verdict as
/// evidence and check it later against the CSCA it already trusts for cards.
public struct SignedVerdict: Sendable {
    public let verdict: CardVerdict
    public let jws: String
}

struct VerdictSigner: Sendable {
    let jws: CompactJWS

    init(signer: CardSigner, csca: CardSigner) throws {
        let chain = [try signer.derCertificate(), try csca.derCertificate()].map { Data($0).base64EncodedString() }
        jws = try CompactJWS(key: signer.privateKey, header: ["typ": "dancu-card-verdict+jws", "x5c": chain])
    }

    func sign(_ verdict: CardVerdict) throws -> SignedVerdict {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SignedVerdict(verdict: verdict, jws: try jws.sign(try encoder.encode(verdict)))
    }
}
