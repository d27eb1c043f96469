public import Crypto

/// DG15 (ICAO Doc 9303 Part 10 §4.7.15): the chip's active-authentication public key,
/// `6F { SubjectPublicKeyInfo }`. DanCu's chips use ECDSA P-256.
public struct DataGroup15: Equatable, Sendable {
    public static let tag: UInt32 = 0x6F
    public let publicKey: P256.Signing.PublicKey

    public init(publicKey: P256.Signing.PublicKey) { self.publicKey = publicKey }

    public var bytes: [UInt8] { TLV(tag: Self.tag, value: Array(publicKey.derRepresentation)).encoded }

    public init(bytes: [UInt8]) throws(CardTextError) {
        let outer = try TLV.read(bytes, context: "DG15")
        guard outer.tag == Self.tag else { throw CardTextError(field: "DG15", detail: "expected tag 6F, found \(TLV.name(outer.tag))") }
        do { publicKey = try P256.Signing.PublicKey(derRepresentation: outer.value) } catch {
            throw CardTextError(field: "DG15.publicKey", detail: "not an ECDSA P-256 SubjectPublicKeyInfo")
        }
    }

    public static func == (a: DataGroup15, b: DataGroup15) -> Bool { a.publicKey.rawRepresentation == b.publicKey.rawRepresentation }
}

/// Active authentication (ICAO Doc 9303 Part 11 §6.1): the reader sends a random challenge, the chip
/// signs it with the private key only it holds, and the signature verifies with DG15's key. A cloned
/// chip copies the data, and passive authentication accepts it; it cannot copy the key.
public enum ActiveAuthentication {
    /// What a chip does: sign the challenge (ECDSA with SHA-256, r‖s of 64 bytes).
    public static func sign(challenge: [UInt8], with key: P256.Signing.PrivateKey) throws -> [UInt8] {
        Array(try key.signature(for: challenge).rawRepresentation)
    }

    public static func verify(dg15: [UInt8], challenge: [UInt8], signature: [UInt8]) -> VerificationCheck {
        let name = "activeAuthentication"
        guard (8...64).contains(challenge.count) else { return .fail(name, "the challenge must be 8 to 64 bytes") }
        let key: P256.Signing.PublicKey
        do { key = try DataGroup15(bytes: dg15).publicKey } catch { return .fail(name, error.description) }
        let parsed =
            signature.count == 64
            ? try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            : try? P256.Signing.ECDSASignature(derRepresentation: signature)
        guard let parsed else { return .fail(name, "the signature is neither r‖s of 64 bytes nor DER") }
        return key.isValidSignature(parsed, for: challenge) ? .pass(name) : .fail(name, "the chip's signature over the challenge does not verify")
    }
}
