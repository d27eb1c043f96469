public import Crypto
import DanCuCore
public import Foundation
import SwiftASN1
import X509

/// Seals the documents public services issue (a confirmation, a birth certificate) as JWS (RFC 7515,
/// compact, ES256). The header names the signing certificate by its SHA-256 thumbprint (`kid`, the
/// same as `x5t#S256`) and nothing more, so that the QR code stays small: a verifier holds the
/// published signers (`trustList`), each certified by the CSCA it already trusts for cards, and needs
/// no network.
public struct DocumentSeal: Sendable {
    let jws: CompactJWS
    /// The certificate's SHA-256 thumbprint, base64url.
    public let kid: String

    public static let type = "dancu-document+jws"

    public init(signer: CardSigner) throws {
        kid = try Self.thumbprint(signer)
        jws = try CompactJWS(key: signer.privateKey, header: ["kid": kid, "typ": Self.type])
    }

    /// The compact JWS of `payload` (the document's JSON).
    public func seal(_ payload: Data) throws -> String { try jws.sign(payload) }

    static func thumbprint(_ signer: CardSigner) throws -> String {
        ByteText.base64URL(Array(SHA256.hash(data: try signer.derCertificate())))
    }

    /// The signers a verifier trusts for documents, as a JWKS (RFC 7517): each key with its `kid` and
    /// its certificate chain to the CSCA (`x5c`), so a verifier checks the chain once and then reads
    /// documents offline.
    public static func trustList(signers: [CardSigner], csca: CardSigner) throws -> Data {
        let root = Data(try csca.derCertificate()).base64EncodedString()
        let keys = try signers.map { signer -> [String: Any] in
            var key: [String: Any] = ES256JWK.members(of: signer.privateKey.publicKey, kid: try thumbprint(signer))
            key["x5c"] = [Data(try signer.derCertificate()).base64EncodedString(), root]
            return key
        }
        return try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys, .withoutEscapingSlashes])
    }
}

extension CardKeyStore {
    /// The key that seals result documents, certified by the CSCA for five years; renewed a month
    /// before it ends, the one before kept (`result-signer-N`) so that the documents it sealed still
    /// verify.
    public func resultSigner(now: Date = Date()) throws -> CardSigner {
        if FileManager.default.fileExists(atPath: file("result-signer.cer").path) {
            let signer = try load("result-signer")
            if signer.certificate.notValidAfter > now.addingTimeInterval(30 * 86_400) { return signer }
            try save(signer, as: "result-signer-\(try resultSigners().count)")
        }
        let signer = try csca().issueDocumentSigner(
            commonName: "Result document signer (DanCu)", validFrom: now, validUntil: now.addingTimeInterval(5 * 365 * 86_400))
        try save(signer, as: "result-signer")
        return signer
    }

    /// Every result signer made, the current one first.
    public func resultSigners() throws -> [CardSigner] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("result-signer") && $0.hasSuffix(".cer") }.sorted {
                ($0 == "result-signer.cer" ? 0 : 1, $0) < ($1 == "result-signer.cer" ? 0 : 1, $1)
            }
        return try names.map { try load(String($0.dropLast(4))) }
    }
}
