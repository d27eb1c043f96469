import Synchronization

/// Tokens this process checked a moment ago, so a burst of requests costs one database lookup. An
/// entry lives `lifetimeMicros` at most. Logout, disabling and password resets made through this
/// process evict at once; made elsewhere (another server, the command line) they take effect within
/// that lifetime.
final class TokenCache: Sendable {
    struct Entry: Sendable {
        let officer: Officer
        let expiresAt: Int64
        let checkedAt: Int64
    }

    let lifetimeMicros: Int64
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetimeMicros: Int64, capacity: Int = 100_000) {
        self.lifetimeMicros = lifetimeMicros
        self.capacity = capacity
    }

    /// The officer of a token checked against the database less than `within` ago (by default the
    /// cache's lifetime), unless the token has expired since. An entry past its lifetime stays until the
    /// token expires or the next check replaces it: while the database fails over, `OfficerAccounts`
    /// takes it for a while longer.
    func officer(forHash hash: String, now: Int64, within: Int64? = nil) -> Officer? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard entry.expiresAt > now else {
                entries[hash] = nil
                return nil
            }
            return now - entry.checkedAt < (within ?? lifetimeMicros) ? entry.officer : nil
        }
    }

    func remember(_ officer: Officer, hash: String, expiresAt: Int64, now: Int64) {
        guard lifetimeMicros > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(officer: officer, expiresAt: expiresAt, checkedAt: now)
        }
    }

    func forget(hash: String) {
        _ = entries.withLock { $0.removeValue(forKey: hash) }
    }

    func forget(username: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.officer.username != username } }
    }
}
