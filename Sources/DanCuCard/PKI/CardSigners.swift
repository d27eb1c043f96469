public import Crypto
public import Foundation
import SwiftASN1
public import X509

/// A signing key with its certificate: the country signing CA (CSCA) or a Document Signer (DS).
public struct CardSigner: Sendable {
    public let certificate: Certificate
    public let privateKey: P256.Signing.PrivateKey

    public init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// A self-signed CSCA (ICAO Doc 9303 Part 12 §7.1): a CA that signs Document Signers only.
    public static func countrySigningCA(
        commonName: String, country: String = "VN", validFrom given: Date,
        years: Int = 15
    ) throws -> CardSigner {
        let validFrom = wholeSeconds(given)
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CountryName(country)
            OrganizationName("Bộ Công an")
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: validFrom, notValidAfter: validFrom.addingTimeInterval(Double(years) * 365.25 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(key.publicKey))
            },
            issuerPrivateKey: .init(key))
        return CardSigner(certificate: certificate, privateKey: key)
    }

    /// A Document Signer issued by this CSCA, valid from `validFrom` to `validUntil`.
    public func issueDocumentSigner(commonName: String, validFrom given: Date, validUntil: Date) throws -> CardSigner {
        let validFrom = Self.wholeSeconds(given)
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            CountryName("VN")
            OrganizationName("Bộ Công an")
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: validFrom, notValidAfter: validUntil,
            issuer: self.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                AuthorityKeyIdentifier(keyIdentifier: try self.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: .init(privateKey))
        return CardSigner(certificate: certificate, privateKey: key)
    }

    /// Certificates and signing times count whole seconds; a validity that began within the second would
    /// otherwise start after a signature made in that same second.
    static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    public func derCertificate() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}
