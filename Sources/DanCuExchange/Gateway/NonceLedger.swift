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
    ///
    /// The batch is found first, then deleted as a range of the key, because every claim of a second
    /// shares its expiry: `(expires_at, key_id, nonce) IN (subquery)` made SQLite seek on the expiry alone
    /// and test each of that second's thousands of claims against the list, for every claim deleted
    /// (about 1 ms a batch at 1,600 verifications a second, 9 % of the gateway's processor time, and
    /// growing with the traffic). Every claim before the batch's last one in key order is in the batch.
    static func sweep(now: Int64, claims: Int, in db: any SQLConnection) throws {
        let expired = try db.query(
            "SELECT expires_at, key_id, nonce FROM exchange_nonces WHERE expires_at < ? ORDER BY expires_at, key_id, nonce LIMIT ?",
            [.int(now), .int(Int64(8 + claims))])
        guard let first = expired.first, let last = expired.last else { return }
        let expiresAt = try last.int("expires_at")
        if try first.int("expires_at") < expiresAt {
            try db.execute("DELETE FROM exchange_nonces WHERE expires_at < ?", [.int(expiresAt)])
        }
        try db.execute(
            "DELETE FROM exchange_nonces WHERE expires_at = ? AND (key_id, nonce) <= (?, ?)",
            [.int(expiresAt), .text(try last.string("key_id")), .text(try last.string("nonce"))])
    }

    /// False when the key claimed the nonce before.
    static func claim(_ claim: NonceClaim, in db: any SQLConnection) throws -> Bool {
        !(try db.query(
            "INSERT INTO exchange_nonces (key_id, nonce, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING RETURNING key_id",
            [.text(claim.keyId), .text(claim.nonce), .int(claim.expiresAt)]
        ).isEmpty)
    }
}
