import Crypto
public import Foundation
import SwiftASN1
import X509

/// EF.SOD (ICAO Doc 9303 Part 10 §4.6.2): `[APPLICATION 23] ContentInfo` holding a CMS SignedData
/// (RFC 5652) whose content is the LDSSecurityObject, the SHA-256 hash of each data group. It is
/// assembled here with swift-asn1, because swift-certificates' CMS signs only `id-data` content; the
/// signature is ECDSA P-256 with SHA-256 from swift-crypto, over the DER of the signed attributes.
public enum SecurityObject {
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let ldsSecurityObject: ASN1ObjectIdentifier = [2, 23, 136, 1, 1, 1]
    static let contentTypeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigestAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingTimeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 5]
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
    static let applicationTag = ASN1Identifier(tagWithNumber: 23, tagClass: .application)

    /// Signs the hashes of `dataGroups` (number → the file's bytes) with the Document Signer.
    public static func sign(dataGroups: [Int: [UInt8]], signer: CardSigner, signingTime: Date) throws -> [UInt8] {
        let content = try ldsSecurityObjectBytes(dataGroups)
        let attributes = try signedAttributes(content: content, signingTime: signingTime)
        let signature = Array(try signer.privateKey.signature(for: SHA256.hash(data: attributes.asSet)).derRepresentation)
        var s = DER.Serializer()
        try s.appendConstructedNode(identifier: applicationTag) { s in
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(signedData)
                try s.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { s in
                    try s.appendConstructedNode(identifier: .sequence) { s in
                        try s.serialize(3)  // CMSVersion 3: the content type is not id-data
                        try s.appendConstructedNode(identifier: .set) { s in try algorithm(sha256, into: &s) }
                        try s.appendConstructedNode(identifier: .sequence) { s in
                            try s.serialize(ldsSecurityObject)
                            try s.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { s in
                                try s.serialize(ASN1OctetString(contentBytes: content[...]))
                            }
                        }
                        try s.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { s in
                            try s.serialize(signer.certificate)
                        }
                        try s.appendConstructedNode(identifier: .set) { s in
                            try s.appendConstructedNode(identifier: .sequence) { s in
                                try s.serialize(1)  // SignerInfo version 1: issuer and serial number
                                try s.appendConstructedNode(identifier: .sequence) { s in
                                    try s.serialize(signer.certificate.issuer)
                                    // The serial exactly as the certificate holds it.
                                    s.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: signer.certificate.serialNumber.bytes) }
                                }
                                try algorithm(sha256, into: &s)
                                s.serializeRawBytes(attributes.asImplicitTag)
                                try algorithm(ecdsaWithSHA256, into: &s, parameters: false)
                                try s.serialize(ASN1OctetString(contentBytes: signature[...]))
                            }
                        }
                    }
                }
            }
        }
        return s.serializedBytes
    }

    static func algorithm(_ oid: ASN1ObjectIdentifier, into s: inout DER.Serializer, parameters: Bool = true) throws {
        try s.appendConstructedNode(identifier: .sequence) { s in
            try s.serialize(oid)
            if parameters { try s.serialize(ASN1Null()) }
        }
    }

    /// LDSSecurityObject ::= SEQUENCE { version 0, hashAlgorithm, SEQUENCE OF { dataGroupNumber, hash } }
    static func ldsSecurityObjectBytes(_ dataGroups: [Int: [UInt8]]) throws -> [UInt8] {
        var s = DER.Serializer()
        try s.appendConstructedNode(identifier: .sequence) { s in
            try s.serialize(0)
            try algorithm(sha256, into: &s)
            try s.appendConstructedNode(identifier: .sequence) { s in
                for (number, bytes) in dataGroups.sorted(by: { $0.key < $1.key }) {
                    try s.appendConstructedNode(identifier: .sequence) { s in
                        try s.serialize(number)
                        try s.serialize(ASN1OctetString(contentBytes: Array(SHA256.hash(data: bytes))[...]))
                    }
                }
            }
        }
        return s.serializedBytes
    }

    /// The signed attributes: content type, message digest of the content, signing time. DER sorts
    /// the members of a SET OF by their encoding.
    struct SignedAttributes {
        let members: [UInt8]
        var asSet: [UInt8] { [0x31] + TLV.lengthBytes(members.count) + members }
        var asImplicitTag: [UInt8] { [0xA0] + TLV.lengthBytes(members.count) + members }
    }

    static func signedAttributes(content: [UInt8], signingTime: Date) throws -> SignedAttributes {
        func attribute(_ oid: ASN1ObjectIdentifier, _ value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
            var s = DER.Serializer()
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(oid)
                try s.appendConstructedNode(identifier: .set) { s in try value(&s) }
            }
            return s.serializedBytes
        }
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: signingTime)
        let time = try UTCTime(
            year: components.year ?? 2000, month: components.month ?? 1, day: components.day ?? 1,
            hours: components.hour ?? 0, minutes: components.minute ?? 0, seconds: components.second ?? 0)
        let members = [
            try attribute(contentTypeAttribute) { try $0.serialize(ldsSecurityObject) },
            try attribute(messageDigestAttribute) { try $0.serialize(ASN1OctetString(contentBytes: Array(SHA256.hash(data: content))[...])) },
            try attribute(signingTimeAttribute) { try $0.serialize(time) },
        ].sorted { $0.lexicographicallyPrecedes($1) }
        return SignedAttributes(members: members.flatMap { $0 })
    }
}
