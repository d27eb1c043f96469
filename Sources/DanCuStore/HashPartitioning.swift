/// PostgreSQL's declarative partitioning of a person-owned table by hash of its personal number: the key
/// every person-owned table leads with, so that the code, which always names the person, needs no change,
/// and an engine that shards by the same key later needs none either.
///
/// A migration of a table in place: the table is renamed aside, a partitioned table of the same columns
/// (types, collations, defaults, NOT NULL) takes its name, the rows move in one statement, the old table
/// goes, and the primary key and indexes are made again on the partitioned table, which makes them on
/// every partition. It runs in the migration's one transaction: all or nothing, holding the table for its
/// length (minutes for tens of millions of rows; docs/scale.md).
public struct HashPartitioning: Sendable {
    public let table: String
    /// The primary key's columns; the first is `personal_number`, as partitioning requires.
    public let primaryKey: [String]
    /// `CREATE INDEX …` statements, made after the rows are in.
    public let indexes: [String]
    public let partitions: Int

    /// Sixteen: at 100 million people, about six million a partition, each index a few hundred
    /// megabytes; a search by name probes sixteen indexes in one merge.
    public static let defaultPartitions = 16

    public init(table: String, primaryKey: [String], indexes: [String] = [], partitions: Int = Self.defaultPartitions) {
        self.table = table
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.partitions = partitions
    }

    /// The name of partition `remainder`: `persons_p00` … `persons_p15`.
    public func partition(_ remainder: Int) -> String {
        table + "_p" + (remainder < 10 ? "0" : "") + String(remainder)
    }

    /// The migration's statements, in order.
    public var statements: [String] {
        let aside = table + "_before_partitioning"
        return [
            "ALTER TABLE \(table) RENAME TO \(aside)",
            """
            CREATE TABLE \(table) (LIKE \(aside) INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
            PARTITION BY HASH (personal_number)
            """,
        ]
            + (0..<partitions).map {
                "CREATE TABLE \(partition($0)) PARTITION OF \(table) FOR VALUES WITH (MODULUS \(partitions), REMAINDER \($0))"
            }
            + [
                "INSERT INTO \(table) SELECT * FROM \(aside)",
                "DROP TABLE \(aside)",
                "ALTER TABLE \(table) ADD PRIMARY KEY (\(primaryKey.joined(separator: ", ")))",
            ] + indexes + ["ANALYZE \(table)"]
    }
}
