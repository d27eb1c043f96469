/// Opens the store a `--database` value names: `sqlite:PATH`, a bare path, or `postgres://…`.
public enum StoreFactory {
    /// `appendOnly` marks a store written all the time (the access log): on SQLite it checkpoints in
    /// the background rather than in the middle of a commit. Every SQLite file uses 4 KiB pages, since
    /// a commit writes each page it touched whole.
    public static func open(_ url: String, appendOnly: Bool = false) throws -> any Store {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try PostgresStore(url: url)
        }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError.badDatabaseURL(url) }
            return try sqlite(path, appendOnly: appendOnly)
        }
        guard !url.isEmpty, !url.contains("://") else { throw StoreError.badDatabaseURL(url) }
        return try sqlite(url, appendOnly: appendOnly)
    }

    /// An append-only log's writer touches the newest pages only, and keeps a smaller page cache.
    private static func sqlite(_ path: String, appendOnly: Bool) throws -> SQLiteStore {
        try SQLiteStore(
            path: path, backgroundCheckpoints: appendOnly, pageSize: 4096,
            cacheKiB: appendOnly ? SQLiteStore.logCacheKiB : SQLiteStore.registerCacheKiB)
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
        let log = try accessLogURL(forRegister: url).map { try open($0, appendOnly: true) }
        let index = try accessLogIndexURL(forRegister: url).map { try open($0, appendOnly: true) }
        return (log, index)
    }
}
