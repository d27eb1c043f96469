public import DanCuStore

/// The transparency log's tables, in the access log's store: the tree's state (`transparency_state`:
/// its size and its right edge, and how many leaves are sequenced, integrated or not), the public
/// entries of every full level-0 tile as its entry bundle (`transparency_bundles`, written once, served
/// as they are), the public entries and leaf hashes of the tile still being filled
/// (`transparency_entries`, `transparency_tail`; a log grown before bundles were stored keeps the
/// entries of its full tiles there as well), the sealed level-0 tiles and
/// every tile above (`transparency_tiles`), the signed checkpoints and witnesses' cosignatures, and
/// the sizes at which an audit found the log whole (`transparency_audits`). The
/// public routes read these tables only, never a log's own rows.
public enum TransparencySchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "transparency", version: 1, name: "the Merkle tree of the logs, its tiles and checkpoints", sqlite: version1(.sqlite),
            postgres: version1(.postgres)),
        Migration(
            module: "transparency", version: 2, name: "leaves sequenced by the logs' own transactions, integrated into the tree after",
            sqlite: version2, postgres: version2),
        Migration(
            module: "transparency", version: 3, name: "the sizes and roots of the audits that found the log whole",
            sqlite: version3(.sqlite), postgres: version3(.postgres)),
        Migration(
            module: "transparency", version: 4, name: "the entries of each full tile stored whole, as the entry bundle the public reads",
            sqlite: version4(.sqlite), postgres: version4(.postgres)),
    ]

    /// A rowid table on SQLite: a 50–100 KB bundle in the primary key's B-tree would spill into its
    /// overflow pages from an interior key.
    static func version4(_ dialect: SQLDialect) -> [String] {
        dialect == .sqlite
            ? ["CREATE TABLE transparency_bundles (idx INTEGER PRIMARY KEY, entries BLOB NOT NULL)"]
            : ["CREATE TABLE transparency_bundles (idx BIGINT PRIMARY KEY, entries BYTEA NOT NULL)"]
    }

    static func version3(_ dialect: SQLDialect) -> [String] {
        ["CREATE TABLE transparency_audits (size BIGINT PRIMARY KEY, root \(dialect == .sqlite ? "BLOB" : "BYTEA") NOT NULL, at BIGINT NOT NULL)"]
    }

    static let version2 = [
        "ALTER TABLE transparency_state ADD COLUMN sequenced BIGINT NOT NULL DEFAULT 0",
        "UPDATE transparency_state SET sequenced = size",
    ]

    static func version1(_ dialect: SQLDialect) -> [String] {
        let blob = dialect == .sqlite ? "BLOB" : "BYTEA"
        let keyed = dialect == .sqlite ? " WITHOUT ROWID" : ""
        return [
            "CREATE TABLE transparency_state (one INTEGER PRIMARY KEY CHECK (one = 1), size BIGINT NOT NULL, edge \(blob) NOT NULL)",
            "CREATE TABLE transparency_entries (idx \(dialect == .sqlite ? "INTEGER" : "BIGINT") PRIMARY KEY, entry \(blob) NOT NULL)",
            "CREATE TABLE transparency_tail (idx BIGINT PRIMARY KEY, hash \(blob) NOT NULL)\(keyed)",
            "CREATE TABLE transparency_tiles (level INTEGER NOT NULL, idx BIGINT NOT NULL, hashes \(blob) NOT NULL, PRIMARY KEY (level, idx))\(keyed)",
            "CREATE TABLE transparency_checkpoints (size BIGINT PRIMARY KEY, root \(blob) NOT NULL, note TEXT NOT NULL, at BIGINT NOT NULL)",
            """
            CREATE TABLE transparency_cosignatures (size BIGINT NOT NULL, witness TEXT NOT NULL, line TEXT NOT NULL, at BIGINT NOT NULL,
              PRIMARY KEY (size, witness))
            """,
        ]
    }
}
