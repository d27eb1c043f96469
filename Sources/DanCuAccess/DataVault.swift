public import Crypto
import Foundation

/// Seals what must be encrypted at rest in the database (biometric templates, face images, a chip's
/// private keys, authenticator secrets) with AES-256-GCM. Its key is derived from the master key with HKDF, so the database
/// alone opens nothing. Each box is bound to what it belongs to (a card id): a box copied to another
/// card's row does not open.
public struct DataVault: Sendable {
    let key: SymmetricKey

    public init(masterKey: SymmetricKey, purpose: String) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("dancu \(purpose) v1".utf8), outputByteCount: 32)
    }

    public func seal(_ plain: [UInt8], boundTo owner: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plain, using: key, authenticating: Data(owner.utf8))
        guard let combined = box.combined else { throw VaultError.cannotSeal }
        return Array(combined)
    }

    public func open(_ sealed: [UInt8], boundTo owner: String) throws(VaultError) -> [UInt8] {
        do {
            return Array(try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(owner.utf8)))
        } catch {
            throw .cannotOpen
        }
    }

    public enum VaultError: Error, CustomStringConvertible {
        case cannotSeal, cannotOpen

        public var description: String {
            switch self {
            case .cannotSeal: "cannot seal the data"
            case .cannotOpen: "sealed data does not open with this master key, or was altered"
            }
        }
    }
}
