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
}
