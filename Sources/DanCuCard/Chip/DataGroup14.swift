public import Crypto
import SwiftASN1

/// DG14 (ICAO Doc 9303 Part 11 §9.2.5, Part 10 §4.7.14): the chip-authentication security infos, a DER
/// `SET OF SecurityInfo` in tag 6E. DanCu's chips announce ECDH chip authentication with AES-128
/// secure messaging and publish the chip's static P-256 key-agreement key:
///
///     ChipAuthenticationInfo          { id-CA-ECDH-AES-CBC-CMAC-128, version 1 }
///     ChipAuthenticationPublicKeyInfo { id-PK-ECDH, SubjectPublicKeyInfo }
public struct DataGroup14: Equatable, Sendable {
    public static let tag: UInt32 = 0x6E
    static let chipAuthenticationAES128: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 2, 2, 3, 2, 2]
    static let publicKeyECDH: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 2, 2, 1, 2]

    public let chipAuthenticationKey: P256.KeyAgreement.PublicKey

    public init(chipAuthenticationKey: P256.KeyAgreement.PublicKey) { self.chipAuthenticationKey = chipAuthenticationKey }

    public var bytes: [UInt8] {
        var s = DER.Serializer()
        // Serialising a fixed structure of valid parts cannot fail; an empty file would fail every check that reads it.
        try? s.appendConstructedNode(identifier: .set) { s in
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(Self.chipAuthenticationAES128)
                try s.serialize(1)
            }
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(Self.publicKeyECDH)
                s.serializeRawBytes(Array(chipAuthenticationKey.derRepresentation))
            }
        }
        return TLV(tag: Self.tag, value: s.serializedBytes).encoded
    }

    public init(bytes: [UInt8]) throws(CardTextError) {
        let outer = try TLV.read(bytes, context: "DG14")
        guard outer.tag == Self.tag else { throw CardTextError(field: "DG14", detail: "expected tag 6E, found \(TLV.name(outer.tag))") }
        var found: P256.KeyAgreement.PublicKey?
        do {
            let root = try DER.parse(outer.value)
            guard root.identifier == .set, case .constructed(let infos) = root.content else {
                throw CardTextError(field: "DG14", detail: "expected a SET OF SecurityInfo")
            }
            for info in infos {
                guard case .constructed(let parts) = info.content else { continue }
                var iterator = parts.makeIterator()
                guard let oidNode = iterator.next() else { continue }
                let oid = try ASN1ObjectIdentifier(derEncoded: oidNode)
                guard oid == Self.publicKeyECDH, let keyNode = iterator.next() else { continue }
                var keySerializer = DER.Serializer()
                keySerializer.serialize(keyNode)
                found = try P256.KeyAgreement.PublicKey(derRepresentation: keySerializer.serializedBytes)
            }
        } catch let error as CardTextError {
            throw error
        } catch {
            throw CardTextError(field: "DG14", detail: "not a DER SET OF SecurityInfo with a P-256 chip-authentication key")
        }
        guard let found else { throw CardTextError(field: "DG14", detail: "holds no ChipAuthenticationPublicKeyInfo") }
        chipAuthenticationKey = found
    }

    public static func == (a: DataGroup14, b: DataGroup14) -> Bool {
        a.chipAuthenticationKey.rawRepresentation == b.chipAuthenticationKey.rawRepresentation
    }
}
