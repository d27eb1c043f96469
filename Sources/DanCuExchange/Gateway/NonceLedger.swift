import DanCuCore
import DanCuStore
import Foundation

/// The nonces each key has signed with, kept while a signature with them could still be fresh: a second
/// message with the same key and nonce is a replay. Kept in the database, so every server behind a load
/// balancer sees the same ledger; claims of concurrent requests share a transaction (group commit).
struct NonceLedger: Sendable {
    struct Claim: Sendable {
        let keyId: String, nonce: String, now: Int64, expiresAt: Int64
    }

    let committer: GroupCommit<Claim, Bool>

    init(store: any Store) {
        committer = GroupCommit(store: store) { claims, db in
            // Expired claims go a few at a time from the table's oldest end (it is keyed by expiry first),
            // so it holds about a window's worth of traffic.
            if let now = claims.first?.now {
                try db.execute(
                    """
                    DELETE FROM exchange_nonces WHERE (expires_at, key_id, nonce) IN
                      (SELECT expires_at, key_id, nonce FROM exchange_nonces WHERE expires_at < ? ORDER BY expires_at LIMIT ?)
                    """,
                    [.int(now), .int(Int64(8 + claims.count))])
            }
            return try claims.map { claim in
                !(try db.query(
                    "INSERT INTO exchange_nonces (key_id, nonce, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING RETURNING key_id",
                    [.text(claim.keyId), .text(claim.nonce), .int(claim.expiresAt)]
                ).isEmpty)
            }
        }
    }

    /// Claims `nonce` for `keyId` until `expiresAt` (microseconds); false when it was claimed before.
    func claim(_ nonce: String, keyId: String, now: Int64, expiresAt: Int64) async throws -> Bool {
        try await committer.submit(Claim(keyId: keyId, nonce: nonce, now: now, expiresAt: expiresAt))
    }
}
