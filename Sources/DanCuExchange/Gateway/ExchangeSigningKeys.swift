public import Crypto
public import DanCuAccess
public import DanCuCore
public import DanCuStore
import Foundation

/// DanCu's own Ed25519 key that signs every answer of the gateway, kept sealed in the database (as the
/// OpenID provider's keys are). Made on first use; the newest signs, and every key stays published, so
/// answers signed years ago still verify in a member's message log.
public struct ExchangeSigningKeys: Sendable {
    let store: any Store
    let vault: DataVault
    let clock: CivilClock

    public init(store: any Store, vault: DataVault, clock: CivilClock) {
        self.store = store
        self.vault = vault
        self.clock = clock
    }

    /// The key that signs now, made if there is none.
    public func current() async throws -> MessageSigner {
        if let newest = try await newest() { return newest }
        let key = Curve25519.Signing.PrivateKey()
        let keyId = "dancu-" + String(ByteText.hex(SHA256.hash(data: key.publicKey.rawRepresentation)).prefix(16))
        let sealed = try vault.seal(Array(key.rawRepresentation), boundTo: keyId)
        let now = clock.nowMicros()
        try await store.write { db in
            // Two servers starting at once may both make one: the first written is kept, and both sign with it from the next read.
            try db.execute(
                "INSERT INTO exchange_signing_keys (key_id, sealed, created_at) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                [.text(keyId), .blob(sealed), .int(now)])
        }
        return try await newest() ?? MessageSigner(key: .ed25519(key), keyId: keyId)
    }

    /// Every key as a JWK Set (RFC 8037 OKP), newest first: what members verify answers with.
    public func publicKeys() async throws -> [[String: String]] {
        _ = try await current()
        let rows = try await store.read { db in try db.query("SELECT key_id, sealed FROM exchange_signing_keys ORDER BY created_at DESC, key_id") }
        return try rows.map { row in
            let signer = try open(row)
            guard case .ed25519(let key) = signer.key else { return [:] }
            return [
                "kty": "OKP", "crv": "Ed25519", "kid": signer.keyId, "alg": "EdDSA", "use": "sig",
                "x": ByteText.base64URL(Array(key.publicKey.rawRepresentation)),
            ]
        }
    }

    private func newest() async throws -> MessageSigner? {
        let row = try await store.readOne { db in
            try db.queryOne("SELECT key_id, sealed FROM exchange_signing_keys ORDER BY created_at DESC, key_id LIMIT 1")
        }
        return try row.map(open)
    }

    private func open(_ row: SQLRow) throws -> MessageSigner {
        let keyId = try row.string("key_id")
        guard case .blob(let sealed) = row["sealed"] else { throw StoreError.backend("exchange key \(keyId) has no sealed bytes") }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: try vault.open(sealed, boundTo: keyId))
        return MessageSigner(key: .ed25519(key), keyId: keyId)
    }
}
