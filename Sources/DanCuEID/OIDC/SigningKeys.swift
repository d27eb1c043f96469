public import Crypto
import DanCuAccess
public import DanCuCard
import DanCuCore
public import DanCuStore
import Foundation
public import JWTKit

/// The provider's token-signing keys (ES256), kept sealed in the database. The newest signs; the ones
/// before it stay in the JWKS until `retainSeconds` after they were replaced, so that tokens they
/// signed still verify at relying parties while keys rotate.
public struct SigningKeys: Sendable {
    let store: any Store
    let vault: DataVault
    public var retainSeconds: Int64 = 2 * 86_400

    public init(store: any Store, keys: CardKeyStore) {
        self.store = store
        vault = keys.vault(purpose: "oidc signing keys")
    }

    public struct Key: Sendable {
        public let kid: String
        public let privateKey: P256.Signing.PrivateKey
        public let createdAt: Int64
    }

    /// Makes a new signing key, which signs from now on.
    @discardableResult
    public func rotate(at now: Int64 = WallClock.nowMicros()) async throws -> String {
        let key = P256.Signing.PrivateKey()
        let kid = String(ByteText.hex(SHA256.hash(data: key.publicKey.rawRepresentation)).prefix(16))
        let sealed = try vault.seal(Array(key.rawRepresentation), boundTo: kid)
        try await store.write { db in
            try db.execute("INSERT INTO oidc_keys (kid, sealed, created_at) VALUES (?,?,?)", [.text(kid), .blob(sealed), .int(now)])
        }
        return kid
    }

    /// The keys to publish, newest first: the current one and those replaced within `retainSeconds`.
    /// Makes the first key when there is none.
    public func live(at now: Int64 = WallClock.nowMicros()) async throws -> [Key] {
        var keys = try await load()
        if keys.isEmpty {
            try await rotate(at: now)
            keys = try await load()
        }
        var live: [Key] = []
        for (i, key) in keys.enumerated() {
            // A key is replaced when the next newer one was made.
            if i == 0 || keys[i - 1].createdAt + retainSeconds * 1_000_000 > now { live.append(key) }
        }
        return live
    }

    func load() async throws -> [Key] {
        let vault = self.vault
        return try await store.read { db in
            try db.query("SELECT kid, sealed, created_at FROM oidc_keys ORDER BY created_at DESC, kid").map { row in
                guard case .blob(let sealed) = row["sealed"] else { throw StoreError.unexpectedValue(column: "sealed") }
                let kid = try row.string("kid")
                return Key(
                    kid: kid, privateKey: try P256.Signing.PrivateKey(rawRepresentation: try vault.open(sealed, boundTo: kid)),
                    createdAt: try row.int("created_at"))
            }
        }
    }

    /// The JWKS document (RFC 7517) of the live keys' public halves.
    public func jwks(at now: Int64 = WallClock.nowMicros()) async throws -> String {
        let keys = try await live(at: now).map { ES256JWK.members(of: $0.privateKey.publicKey, kid: $0.kid) }
        let data = try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A signer over the live keys, signing with the newest.
    public func signer(at now: Int64 = WallClock.nowMicros()) async throws -> TokenSigner {
        let keys = try await live(at: now)
        let collection = JWTKeyCollection()
        for key in keys.reversed() {
            await collection.add(ecdsa: try ES256PrivateKey(backing: key.privateKey), kid: JWKIdentifier(string: key.kid))
        }
        guard let current = keys.first else { throw StoreError.unexpectedValue(column: "oidc_keys") }
        return TokenSigner(collection: collection, kid: current.kid)
    }
}

/// Signs tokens with the current key and verifies those of any live key.
public struct TokenSigner: Sendable {
    let collection: JWTKeyCollection
    public let kid: String

    public func sign(_ claims: some JWTPayload, type: String = "JWT") async throws -> String {
        try await collection.sign(claims, kid: JWKIdentifier(string: kid), header: ["typ": .string(type)])
    }
}
