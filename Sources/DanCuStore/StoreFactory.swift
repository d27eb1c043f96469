/// Opens the store a `--database` value names: `sqlite:PATH`, a bare path, or `postgres://…`.
public enum StoreFactory {
    /// What a store holds, which on SQLite decides how its file keeps transactions (`SQLiteStore.Journal`).
    public enum Use: Sendable {
        /// The register, read and written all the time.
        case register
        /// A log written all the time (the access log): it checkpoints in the background rather than in
        /// the middle of a commit, and its writer keeps a smaller page cache.
        case appendOnlyLog
        /// Content written once and read seldom (attachments): a rollback journal, so each byte is
        /// written once.
        case writeOnceContent
    }

    /// Every SQLite file uses 4 KiB pages, since a commit writes each page it touched whole.
    public static func open(_ url: String, for use: Use = .register) throws -> any Store {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try PostgresStore(url: url)
        }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError.badDatabaseURL(url) }
            return try sqlite(path, use)
        }
        guard !url.isEmpty, !url.contains("://") else { throw StoreError.badDatabaseURL(url) }
        return try sqlite(url, use)
    }

    /// An append-only log's writer touches the newest pages only, and keeps a smaller page cache.
    private static func sqlite(_ path: String, _ use: Use) throws -> SQLiteStore {
        switch use {
        case .register: try SQLiteStore(path: path, journal: .writeAhead, cacheKiB: SQLiteStore.registerCacheKiB)
        case .appendOnlyLog: try SQLiteStore(path: path, journal: .writeAheadCheckpointedInBackground, cacheKiB: SQLiteStore.logCacheKiB)
        case .writeOnceContent: try SQLiteStore(path: path, journal: .rollback, cacheKiB: SQLiteStore.logCacheKiB)
        }
    }

    /// Where the access log of the register at `url` lives: for SQLite a file of its own beside the
    /// register's (`dancu.sqlite` → `dancu-access-log.sqlite`), for PostgreSQL nil (the same database).
    public static func accessLogURL(forRegister url: String) -> String? {
        guard !url.hasPrefix("postgres://"), !url.hasPrefix("postgresql://") else { return nil }
        let path = url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : url
        let base = path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) : path
        return "sqlite:" + base + "-access-log.sqlite"
    }

    /// Where the subject index of that access log lives (see `AccessLogSubjectIndex`): for SQLite a third
    /// file (`dancu-access-log-index.sqlite`), so that its checkpoints never hold up the log's writer;
    /// for PostgreSQL nil (the log has an ordinary index there).
    public static func accessLogIndexURL(forRegister url: String) -> String? {
        accessLogURL(forRegister: url).map { String($0.dropLast(".sqlite".count)) + "-index.sqlite" }
    }

    /// Where the sealed content of public services' attachments lives: for SQLite a file of its own
    /// beside the register's (`dancu.sqlite` → `dancu-attachments.sqlite`), so that scans never pass
    /// through the register's writer; for PostgreSQL nil (the same database).
    public static func attachmentsURL(forRegister url: String) -> String? {
        accessLogURL(forRegister: url).map { String($0.dropLast("-access-log.sqlite".count)) + "-attachments.sqlite" }
    }

    /// Opens the access log and its subject index beside the register at `url` (both nil on PostgreSQL,
    /// where the log lives in the register's database).
    public static func openAccessLog(forRegister url: String) throws -> (log: (any Store)?, index: (any Store)?) {
        let log = try accessLogURL(forRegister: url).map { try open($0, for: .appendOnlyLog) }
        let index = try accessLogIndexURL(forRegister: url).map { try open($0, for: .appendOnlyLog) }
        return (log, index)
    }
}
