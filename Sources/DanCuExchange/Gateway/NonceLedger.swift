import DanCuCore
import DanCuStore
import Foundation

/// A key's claim on a nonce until its signature can no longer be fresh (`expiresAt`, microseconds).
public struct NonceClaim: Sendable, Equatable {
    public let keyId: String, nonce: String, now: Int64, expiresAt: Int64
}

/// The nonces each key has signed with, kept while a signature with them could still be fresh: a second
/// message with the same key and nonce is a replay. Kept in the database, so every server behind a load
/// balancer sees the same ledger; claims of concurrent requests share a transaction (group commit).
/// A read's claim rides in its message-log line's transaction instead (`MessageLog.append(_:claiming:)`).
struct NonceLedger: Sendable {
    let committer: GroupCommit<NonceClaim, Bool>

    init(store: any Store) {
        committer = GroupCommit(store: store) { claims, db in
            if let now = claims.first?.now { try Self.sweep(now: now, claims: claims.count, in: db) }
            return try claims.map { try Self.claim($0, in: db) }
        }
    }

    /// Makes `claim` on its own; false when its key claimed its nonce before.
    func claim(_ claim: NonceClaim) async throws -> Bool {
        try await committer.submit(claim)
    }

    /// Expired claims go a few at a time from the table's oldest end (it is keyed by expiry first), so it
    /// holds about a window's worth of traffic: 8 and one for each of the batch's `claims`.
    static func sweep(now: Int64, claims: Int, in db: any SQLConnection) throws {
        try db.execute(
            """
            DELETE FROM exchange_nonces WHERE (expires_at, key_id, nonce) IN
              (SELECT expires_at, key_id, nonce FROM exchange_nonces WHERE expires_at < ? ORDER BY expires_at LIMIT ?)
            """,
            [.int(now), .int(Int64(8 + claims))])
    }

    /// False when the key claimed the nonce before.
    static func claim(_ claim: NonceClaim, in db: any SQLConnection) throws -> Bool {
        !(try db.query(
            "INSERT INTO exchange_nonces (key_id, nonce, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING RETURNING key_id",
            [.text(claim.keyId), .text(claim.nonce), .int(claim.expiresAt)]
        ).isEmpty)
    }
}
