import DanCuStore
import Synchronization

/// A key's status and its subsystem's grants as administrators last set them, kept in memory while
/// nothing changed. Every change to members, subsystems, keys, laws and grants writes a line in
/// `exchange_changes` and adds one to `exchange_settings_version` in its own transaction, so that number
/// names a version of everything cached here. Each request reads it (one row by its key) instead of the
/// key and the grants (a join, a JWK to parse, two more statements): a key revoked or a grant withdrawn
/// on any server is seen by the next request on every server.
/// One row updated by every change, not the count of the changes' lines: counting them read the whole
/// record of changes at every request, and it only grows. The update's row lock orders concurrent
/// changes on PostgreSQL, so every committed change shows as a new number.
final class SettingsCache: Sendable {
    typealias Version = Int64

    struct Entry {
        let status: MemberRegistry.KeyStatus
        let policy: GrantRegistry.Policy?
    }

    private let state = Mutex<(version: Version?, entries: [String: Entry])>((nil, [:]))
    let members: MemberRegistry
    let grants: GrantRegistry

    /// Keys administrators registered bound what is kept; unknown key ids, which anyone can send, are
    /// never kept.
    static let limit = 10_000

    init(members: MemberRegistry, grants: GrantRegistry) {
        self.members = members
        self.grants = grants
    }

    /// What the registry says of `keyId`, with its subsystem's grants when the key is active.
    func lookup(_ keyId: String) async throws -> Entry {
        let version = try await members.store.readOne { db in
            try db.queryOne("SELECT version FROM exchange_settings_version WHERE id = 1")?["version"].int ?? 0
        }
        if let kept = state.withLock({ $0.version == version ? $0.entries[keyId] : nil }) { return kept }
        let status = try await members.keyStatus(keyId)
        var policy: GrantRegistry.Policy?
        if case .active(let subsystem, _, _, _) = status { policy = try await grants.policy(of: subsystem) }
        let entry = Entry(status: status, policy: policy)
        if case .unknown = status { return entry }
        state.withLock { kept in
            if kept.version != version || kept.entries.count >= Self.limit { kept = (version, [:]) }
            kept.entries[keyId] = entry
        }
        return entry
    }
}
