public import Crypto
public import DanCuAccess
import Foundation

extension CardKeyStore {
    /// The vault for card data: biometrics, chip files and chip keys.
    public var cardVault: DataVault { vault(purpose: "card data") }

    /// A key of its own for another capability (the salt of pairwise subjects), derived from the master key.
    public func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("dancu \(purpose) v1".utf8), outputByteCount: 32)
    }

    /// A vault of its own for another capability's secrets (eID authenticators), under the same master key.
    public func vault(purpose: String) -> DataVault { DataVault(masterKey: masterKey, purpose: purpose) }
}
