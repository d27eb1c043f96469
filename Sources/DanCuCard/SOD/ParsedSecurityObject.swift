import Crypto
public import Foundation
import SwiftASN1
public import X509

/// An EF.SOD taken apart: what passive authentication needs. Any structural fault (truncated DER, wrong
/// lengths, unexpected tags or object identifiers) is refused with the part at fault, never a crash.
public struct ParsedSecurityObject: Sendable {
    public let documentSigner: Certificate
    /// The LDSSecurityObject, as signed.
    public let content: [UInt8]
    public let dataGroupHashes: [Int: [UInt8]]
    public let messageDigest: [UInt8]
    public let signingTime: Date?
    /// The signed attributes as DER SET OF, which is what the signature covers.
    public let signedAttributes: [UInt8]
    public let signature: [UInt8]
    public let signatureAlgorithm: [UInt]

    public init(bytes: [UInt8]) throws(CardTextError) {
        do {
            try self.init(unchecked: bytes)
        } catch let error as CardTextError {
            throw error
        } catch {
            throw CardTextError(field: "EF.SOD", detail: "not valid DER: \(error)")
        }
    }

    private init(unchecked bytes: [UInt8]) throws {
        guard bytes.count <= 1 << 20 else { throw CardTextError(field: "EF.SOD", detail: "larger than 1 MiB") }
        let root = try DER.parse(bytes)
        guard root.identifier == SecurityObject.applicationTag else {
            throw CardTextError(field: "EF.SOD", detail: "expected [APPLICATION 23], found \(root.identifier)")
        }
        let tag0 = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        let contentInfo = try Self.only(try Self.children(root, "EF.SOD"), "EF.SOD")
        let info = try Self.children(contentInfo, "ContentInfo", .sequence, count: 2)
        try Self.expect(info[0], SecurityObject.signedData, "ContentInfo.contentType")
        let signedData = try Self.only(try Self.children(info[1], "ContentInfo.content", tag0), "ContentInfo.content")
        let parts = try Self.children(signedData, "SignedData", .sequence, count: 5)
        try Self.expectInteger(parts[0], 3, "SignedData.version")
        let digestAlgorithms = try Self.children(parts[1], "SignedData.digestAlgorithms", .set, count: 1)
        try Self.expectAlgorithm(digestAlgorithms[0], SecurityObject.sha256, "SignedData.digestAlgorithms")
        let encap = try Self.children(parts[2], "encapContentInfo", .sequence, count: 2)
        try Self.expect(encap[0], SecurityObject.ldsSecurityObject, "encapContentInfo.eContentType")
        let octets = try ASN1OctetString(derEncoded: try Self.only(try Self.children(encap[1], "eContent", tag0), "eContent"))
        content = Array(octets.bytes)

        let certificates = try Self.children(parts[3], "certificates", tag0)
        guard let first = certificates.first else {
            throw CardTextError(field: "certificates", detail: "EF.SOD carries no Document Signer certificate")
        }
        documentSigner = try Certificate(derEncoded: Array(first.encodedBytes))
        // The signature BIT STRING's padding count lies outside what the CSCA signed; an ECDSA
        // signature is whole bytes, so anything but 0 is a forgery of the encoding.
        let certificateParts = try Self.children(first, "certificates.documentSigner", .sequence, count: 3)
        guard certificateParts[2].identifier == .bitString, case .primitive(let bits) = certificateParts[2].content, bits.first == 0 else {
            throw CardTextError(field: "certificates.documentSigner", detail: "the signature is not a whole number of bytes")
        }

        let signerInfo = try Self.only(try Self.children(parts[4], "signerInfos", .set), "signerInfos")
        let signer = try Self.children(signerInfo, "SignerInfo", .sequence, count: 6)
        try Self.expectInteger(signer[0], 1, "SignerInfo.version")
        let sid = try Self.children(signer[1], "SignerInfo.sid", .sequence, count: 2)
        guard try DistinguishedName(derEncoded: sid[0]) == documentSigner.issuer, sid[1].identifier == .integer,
            case .primitive(let serial) = sid[1].content, serial == documentSigner.serialNumber.bytes
        else {
            throw CardTextError(field: "SignerInfo.sid", detail: "does not name the Document Signer certificate")
        }
        try Self.expectAlgorithm(signer[2], SecurityObject.sha256, "SignerInfo.digestAlgorithm")
        let attributesNode = signer[3]
        guard attributesNode.identifier == tag0 else {
            throw CardTextError(field: "SignerInfo.signedAttrs", detail: "missing")
        }
        var attributes = Array(attributesNode.encodedBytes)
        attributes[0] = 0x31
        signedAttributes = attributes
        var digest: [UInt8]?
        var time: Date?
        var contentTypeSeen = false
        for attribute in try Self.children(attributesNode, "signedAttrs") {
            let pair = try Self.children(attribute, "signedAttrs.attribute", .sequence, count: 2)
            let type = try ASN1ObjectIdentifier(derEncoded: pair[0])
            let value = try Self.only(try Self.children(pair[1], "signedAttrs.values", .set), "signedAttrs.values")
            if type == SecurityObject.messageDigestAttribute {
                digest = Array(try ASN1OctetString(derEncoded: value).bytes)
            } else if type == SecurityObject.signingTimeAttribute {
                let utc = try UTCTime(derEncoded: value)
                time =
                    DateComponents(
                        calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                        year: utc.year, month: utc.month, day: utc.day, hour: utc.hours, minute: utc.minutes,
                        second: utc.seconds
                    ).date
            } else if type == SecurityObject.contentTypeAttribute {
                try Self.expect(value, SecurityObject.ldsSecurityObject, "signedAttrs.contentType")
                contentTypeSeen = true
            }
        }
        guard let digest else { throw CardTextError(field: "signedAttrs.messageDigest", detail: "missing") }
        guard contentTypeSeen else { throw CardTextError(field: "signedAttrs.contentType", detail: "missing") }
        messageDigest = digest
        signingTime = time
        let algorithm = try Self.children(signer[4], "SignerInfo.signatureAlgorithm", .sequence)
        guard let oid = algorithm.first else { throw CardTextError(field: "SignerInfo.signatureAlgorithm", detail: "empty") }
        signatureAlgorithm = Array(try ASN1ObjectIdentifier(derEncoded: oid).oidComponents)
        guard algorithm.count == 1 || (algorithm.count == 2 && algorithm[1].identifier == .null) else {
            throw CardTextError(field: "SignerInfo.signatureAlgorithm", detail: "unexpected parameters")
        }
        signature = Array(try ASN1OctetString(derEncoded: signer[5]).bytes)

        let lds = try Self.children(try DER.parse(content), "LDSSecurityObject", .sequence, count: 3)
        try Self.expectInteger(lds[0], 0, "LDSSecurityObject.version")
        try Self.expectAlgorithm(lds[1], SecurityObject.sha256, "LDSSecurityObject.hashAlgorithm")
        var hashes: [Int: [UInt8]] = [:]
        for item in try Self.children(lds[2], "LDSSecurityObject.dataGroupHashValues", .sequence) {
            let pair = try Self.children(item, "DataGroupHash", .sequence, count: 2)
            let number = try Int(derEncoded: pair[0])
            guard (1...16).contains(number) else { throw CardTextError(field: "DataGroupHash", detail: "data group \(number) does not exist") }
            hashes[number] = Array(try ASN1OctetString(derEncoded: pair[1]).bytes)
        }
        dataGroupHashes = hashes
    }

    static func children(_ node: ASN1Node, _ field: String, _ identifier: ASN1Identifier? = nil, count: Int? = nil) throws -> [ASN1Node] {
        if let identifier, node.identifier != identifier {
            throw CardTextError(field: field, detail: "expected \(identifier), found \(node.identifier)")
        }
        guard case .constructed(let nodes) = node.content else {
            throw CardTextError(field: field, detail: "expected a constructed element")
        }
        let items = Array(nodes)
        if let count, items.count != count {
            throw CardTextError(field: field, detail: "expected \(count) members, found \(items.count)")
        }
        return items
    }

    static func only(_ nodes: [ASN1Node], _ field: String) throws -> ASN1Node {
        guard nodes.count == 1, let node = nodes.first else { throw CardTextError(field: field, detail: "expected one member") }
        return node
    }

    static func expectInteger(_ node: ASN1Node, _ value: Int, _ field: String) throws {
        guard try Int(derEncoded: node) == value else { throw CardTextError(field: field, detail: "expected \(value)") }
    }

    /// An AlgorithmIdentifier exactly as DanCu writes it: the OID with NULL parameters, or none.
    static func expectAlgorithm(_ node: ASN1Node, _ oid: ASN1ObjectIdentifier, _ field: String) throws {
        let members = try children(node, field, .sequence)
        guard let first = members.first else { throw CardTextError(field: field, detail: "empty") }
        try expect(first, oid, field)
        guard members.count == 1 || (members.count == 2 && members[1].identifier == .null) else {
            throw CardTextError(field: field, detail: "unexpected parameters")
        }
        if members.count == 2, case .primitive(let bytes) = members[1].content, !bytes.isEmpty {
            throw CardTextError(field: field, detail: "NULL parameters with content")
        }
    }

    static func expect(_ node: ASN1Node, _ oid: ASN1ObjectIdentifier, _ field: String) throws {
        let found = try ASN1ObjectIdentifier(derEncoded: node)
        guard found == oid else { throw CardTextError(field: field, detail: "unknown object identifier \(found)") }
    }
}
