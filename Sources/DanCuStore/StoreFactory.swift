/// Opens the store a `--database` value names: `sqlite:PATH`, a bare path, or `postgres://…`.
public enum StoreFactory {
    public static func open(_ url: String) throws -> any Store {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try PostgresStore(url: url)
        }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError.badDatabaseURL(url) }
            return try SQLiteStore(path: path)
        }
        guard !url.isEmpty, !url.contains("://") else { throw StoreError.badDatabaseURL(url) }
        return try SQLiteStore(path: url)
    }

    /// Where the access log of the register at `url` lives: for SQLite a file of its own beside the
    /// register's (`dancu.sqlite` → `dancu-access-log.sqlite`), for PostgreSQL nil (the same database).
    public static func accessLogURL(forRegister url: String) -> String? {
        guard !url.hasPrefix("postgres://"), !url.hasPrefix("postgresql://") else { return nil }
        let path = url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : url
        let base = path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) : path
        return "sqlite:" + base + "-access-log.sqlite"
    }
}
