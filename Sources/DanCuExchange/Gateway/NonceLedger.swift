import DanCuCore
import DanCuStore
import Foundation

/// The nonces each key has signed with, kept while a signature with them could still be fresh: a second
/// message with the same key and nonce is a replay. Kept in the database, so every server behind a load
/// balancer sees the same ledger.
struct NonceLedger: Sendable {
    let store: any Store

    /// Claims `nonce` for `keyId` until `expiresAt` (microseconds); false when it was claimed before.
    /// Expired claims are removed in the same transaction, a few at a time, so the table holds about a
    /// window's worth of traffic.
    func claim(_ nonce: String, keyId: String, now: Int64, expiresAt: Int64) async throws -> Bool {
        do {
            try await store.write { db in
                try db.execute(
                    "DELETE FROM exchange_nonces WHERE rowid IN (SELECT rowid FROM exchange_nonces WHERE expires_at < ? LIMIT 8)".postgresAware(db),
                    [.int(now)])
                try db.execute("INSERT INTO exchange_nonces (key_id, nonce, expires_at) VALUES (?,?,?)", [.text(keyId), .text(nonce), .int(expiresAt)])
            }
            return true
        } catch StoreError.uniqueViolation {
            return false
        }
    }
}

extension String {
    /// PostgreSQL has no `rowid`; its `ctid` names a row the same way for a delete in one statement.
    fileprivate func postgresAware(_ db: any SQLConnection) -> String {
        db.dialect == .postgres ? replacingOccurrences(of: "rowid", with: "ctid") : self
    }
}
