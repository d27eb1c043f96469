public import Crypto
import Foundation

/// The algorithms a member system may sign with (RFC 9421 §3.3): Ed25519, or ECDSA on P-256 with
/// SHA-256 whose signature is r and s, 32 bytes each.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case ed25519 = "ed25519"
    case ecdsaP256 = "ecdsa-p256-sha256"
}

public enum VerificationKey: Sendable {
    case ed25519(Curve25519.Signing.PublicKey)
    case p256(P256.Signing.PublicKey)

    public var algorithm: SignatureAlgorithm {
        switch self {
        case .ed25519: .ed25519
        case .p256: .ecdsaP256
        }
    }

    func isValid(_ signature: Data, for base: Data) -> Bool {
        switch self {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: base)
        case .p256(let key):
            guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: base)
        }
    }
}

public enum SigningKey: Sendable {
    case ed25519(Curve25519.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)

    public var algorithm: SignatureAlgorithm {
        switch self {
        case .ed25519: .ed25519
        case .p256: .ecdsaP256
        }
    }

    public var verificationKey: VerificationKey {
        switch self {
        case .ed25519(let key): .ed25519(key.publicKey)
        case .p256(let key): .p256(key.publicKey)
        }
    }

    func signature(for base: Data) throws -> Data {
        switch self {
        case .ed25519(let key): try key.signature(for: base)
        case .p256(let key): try key.signature(for: base).rawRepresentation
        }
    }
}
