import Crypto
import Foundation

/// An Ed25519 key of a signed note: the log's (signature type 0x01) or a witness's cosigning key
/// (0x04, C2SP tlog-cosignature). Its key ID is SHA-256(name || 0x0A || type || public key)[:4], and
/// its verifier key (vkey) `name+hex(key ID)+base64(type || public key)`.
public struct NoteVerifier: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case ed25519 = 0x01
        case cosignature = 0x04
    }

    public let name: String
    public let kind: Kind
    public let publicKey: [UInt8]

    public init?(name: String, kind: Kind, publicKey: [UInt8]) {
        guard !name.isEmpty, !name.contains("+"), !name.unicodeScalars.contains(where: { $0.properties.isWhitespace }),
            publicKey.count == 32
        else { return nil }
        self.name = name
        self.kind = kind
        self.publicKey = publicKey
    }

    /// Parses a vkey; nil for any other text.
    public init?(vkey: String) {
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 8, let id = UInt32(parts[1], radix: 16),
            let material = Data(base64Encoded: String(parts[2])), material.count == 33,
            let kind = Kind(rawValue: material[material.startIndex])
        else { return nil }
        self.init(name: String(parts[0]), kind: kind, publicKey: Array(material.dropFirst()))
        guard keyID == id else { return nil }
    }

    public var keyID: UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, kind.rawValue] + publicKey)
        return Array(hasher.finalize()).prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    public var vkey: String {
        let hex = String(keyID, radix: 16)
        return "\(name)+\(String(repeating: "0", count: 8 - hex.count) + hex)+\(Data([kind.rawValue] + publicKey).base64EncodedString())"
    }

    /// Whether `signature` (without its key ID) signs `message`.
    public func verifies(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// The signatures of `note` by this key: those with its name and key ID.
    public func signatures(in note: SignedNote) -> [[UInt8]] {
        note.signatures.filter { $0.name == name && $0.keyID == keyID }.map(\.signature)
    }
}

/// The private half: signs note texts (or cosigned messages) as `verifier` names.
public struct NoteSigner: Sendable {
    let key: Curve25519.Signing.PrivateKey
    public let verifier: NoteVerifier

    public init?(name: String, kind: NoteVerifier.Kind = .ed25519, privateKey: [UInt8]) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: privateKey),
            let verifier = NoteVerifier(name: name, kind: kind, publicKey: Array(key.publicKey.rawRepresentation))
        else { return nil }
        self.key = key
        self.verifier = verifier
    }

    /// A new random key.
    public static func generate(name: String, kind: NoteVerifier.Kind = .ed25519) -> NoteSigner? {
        NoteSigner(name: name, kind: kind, privateKey: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    public var privateKey: [UInt8] { Array(key.rawRepresentation) }

    public func sign(_ message: [UInt8]) throws -> SignedNote.Signature {
        SignedNote.Signature(name: verifier.name, keyID: verifier.keyID, signature: Array(try key.signature(for: message)))
    }
}
