import Crypto
import Foundation
public import X509

/// One check of a verification, with its outcome and, when it failed, why.
public struct VerificationCheck: Hashable, Sendable, Codable {
    public let name: String
    public let passed: Bool
    public let reason: String?

    public init(name: String, passed: Bool, reason: String?) {
        self.name = name
        self.passed = passed
        self.reason = reason
    }

    static func pass(_ name: String, note: String? = nil) -> VerificationCheck { VerificationCheck(name: name, passed: true, reason: note) }
    static func fail(_ name: String, _ reason: String) -> VerificationCheck { VerificationCheck(name: name, passed: false, reason: reason) }
}

/// Passive authentication (ICAO Doc 9303 Part 11 §5.1): the Document Signer chains to a trusted CSCA
/// and was valid when it signed; the SOD's signature and message digest hold; every data group read
/// from the chip hashes to what the SOD says.
public enum PassiveAuthentication {
    public static func verify(sod bytes: [UInt8], dataGroups: [Int: [UInt8]], trustedCSCAs: [Certificate]) -> [VerificationCheck] {
        let sod: ParsedSecurityObject
        do { sod = try ParsedSecurityObject(bytes: bytes) } catch {
            return [.fail("sod.structure", error.description)]
        }
        return [.pass("sod.structure")] + verify(sod, dataGroups: dataGroups, trustedCSCAs: trustedCSCAs)
    }

    /// The checks after the SOD's structure, for a caller that parsed it already.
    public static func verify(_ sod: ParsedSecurityObject, dataGroups: [Int: [UInt8]], trustedCSCAs: [Certificate]) -> [VerificationCheck] {
        var checks: [VerificationCheck] = []
        let ds = sod.documentSigner

        let issuers = trustedCSCAs.filter { $0.subject == ds.issuer }
        if let csca = issuers.first(where: { $0.publicKey.isValidSignature(ds.signature, for: ds) }) {
            checks.append(.pass("documentSigner.chain"))
            if let signed = sod.signingTime {
                if signed < ds.notValidBefore || signed > ds.notValidAfter {
                    checks.append(.fail("documentSigner.validity", "the SOD was signed \(signed) outside the Document Signer's validity"))
                } else if signed < csca.notValidBefore || signed > csca.notValidAfter {
                    checks.append(.fail("documentSigner.validity", "the SOD was signed outside the CSCA's validity"))
                } else {
                    checks.append(.pass("documentSigner.validity"))
                }
            } else {
                checks.append(.fail("documentSigner.validity", "the SOD gives no signing time"))
            }
        } else {
            checks.append(
                .fail(
                    "documentSigner.chain",
                    issuers.isEmpty
                        ? "the Document Signer was not issued by a trusted CSCA" : "the CSCA's signature on the Document Signer does not verify"))
        }

        if sod.signatureAlgorithm == [1, 2, 840, 10045, 4, 3, 2],
            ds.publicKey.isValidSignature(sod.signature, for: sod.signedAttributes, signatureAlgorithm: .ecdsaWithSHA256)
        {
            checks.append(.pass("sod.signature"))
        } else {
            checks.append(.fail("sod.signature", "the signature over the signed attributes does not verify with the Document Signer's key"))
        }
        checks.append(
            Array(SHA256.hash(data: sod.content)) == sod.messageDigest
                ? .pass("sod.messageDigest") : .fail("sod.messageDigest", "the message digest is not the hash of the LDSSecurityObject"))

        for (number, bytes) in dataGroups.sorted(by: { $0.key < $1.key }) {
            let name = "dataGroup\(number).hash"
            guard let expected = sod.dataGroupHashes[number] else {
                checks.append(.fail(name, "the SOD holds no hash for DG\(number)"))
                continue
            }
            checks.append(Array(SHA256.hash(data: bytes)) == expected ? .pass(name) : .fail(name, "DG\(number) does not match its hash in the SOD"))
        }
        return checks
    }
}
