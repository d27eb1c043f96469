import Crypto
import DanCuCore
import Foundation
public import X509

/// DanCu's signed variant of the card's QR code, for offline checks: the plain payload, then
/// `|DCS1.<key id>.<signature>`. The key id is the first 8 bytes (hex) of the SHA-256 of the Document
/// Signer's public key; the signature is ECDSA P-256 over the payload's UTF-8, r‖s in base64url. A
/// verifier that holds the CSCA and its Document Signer certificates needs no network. (The printed
/// QR of real cards is unsigned; this variant is DanCu's own.)
public enum SignedCardQRCode {
    static let marker = "DCS1"

    public static func sign(_ qr: CardQRCode, with signer: CardSigner) throws -> String {
        let payload = qr.payload
        let signature = try signer.privateKey.signature(for: Array(payload.utf8)).rawRepresentation
        return payload + "|" + marker + "." + keyID(signer.certificate.publicKey) + "." + base64url(Array(signature))
    }

    /// Checks a signed payload against trusted Document Signers (each chained to a trusted CSCA, and
    /// valid on the card's issue date, which the payload states); returns the checks and, when the
    /// payload reads, the QR code.
    public static func verify(_ text: String, documentSigners: [Certificate], cscas: [Certificate]) -> (checks: [VerificationCheck], qr: CardQRCode?) {
        guard let bar = text.lastIndex(of: "|") else { return ([.fail("qr.signature", "the payload is not signed")], nil) }
        let payload = String(text[..<bar])
        let parts = text[text.index(after: bar)...].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == marker else { return ([.fail("qr.signature", "the payload is not signed")], nil) }
        var checks: [VerificationCheck] = []
        let qr: CardQRCode?
        do {
            qr = try CardQRCode(parsing: payload)
            checks.append(.pass("qr.payload"))
        } catch {
            qr = nil
            checks.append(.fail("qr.payload", error.description))
        }
        guard let signer = documentSigners.first(where: { keyID($0.publicKey) == parts[1] }) else {
            checks.append(.fail("qr.signer", "no trusted Document Signer has key id \(parts[1].prefix(20))"))
            return (checks, qr)
        }
        let chained = cscas.contains { $0.subject == signer.issuer && $0.publicKey.isValidSignature(signer.signature, for: signer) }
        if !chained {
            checks.append(.fail("qr.signer", "the Document Signer does not chain to a trusted CSCA"))
        } else if let issued = qr?.issuedOn {
            // The issue day, in UTC, must overlap the signer's validity.
            let dayStart = Date(timeIntervalSince1970: Double(issued.dayNumber) * 86_400)
            let overlaps = signer.notValidBefore < dayStart.addingTimeInterval(86_400) && dayStart <= signer.notValidAfter
            checks.append(overlaps ? .pass("qr.signer") : .fail("qr.signer", "the Document Signer was not valid on the card's issue date"))
        } else {
            checks.append(.fail("qr.signer", "no issue date to check the Document Signer against"))
        }
        guard let signature = unbase64url(String(parts[2])), signature.count == 64,
            let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
        else {
            checks.append(.fail("qr.signature", "the signature is not 64 bytes of base64url"))
            return (checks, qr)
        }
        let valid = signer.publicKey.isValidSignature(ecdsa.derRepresentation, for: Array(payload.utf8), signatureAlgorithm: .ecdsaWithSHA256)
        checks.append(valid ? .pass("qr.signature") : .fail("qr.signature", "the signature does not match the payload"))
        return (checks, qr)
    }

    static func keyID(_ key: Certificate.PublicKey) -> String {
        let digest = SHA256.hash(data: key.subjectPublicKeyInfoBytes)
        return ByteText.hex(digest.prefix(8))
    }

    static func base64url(_ bytes: [UInt8]) -> String { ByteText.base64URL(bytes) }

    static func unbase64url(_ text: String) -> [UInt8]? {
        guard text.utf8.count <= 200 else { return nil }
        return ByteText.bytes(base64URL: text)
    }
}
