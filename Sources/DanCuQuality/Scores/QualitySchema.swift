public import DanCuStore

/// Each person's latest measures, and where the follower of the register's announcements stands.
/// A score names its person by number and keeps no register field but where they live (for the tallies).
public enum QualitySchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "quality", version: 1, name: "scores and the follower's position",
            sql: [
                """
                CREATE TABLE quality_scores (
                  personal_number TEXT PRIMARY KEY,
                  province_code TEXT NOT NULL,
                  ward_code TEXT NOT NULL,
                  broken_rules BIGINT NOT NULL,
                  completeness DOUBLE PRECISION NOT NULL,
                  measured_at BIGINT NOT NULL)
                """,
                "CREATE INDEX quality_scores_place ON quality_scores (province_code, ward_code)",
                "CREATE TABLE quality_follow (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
            ]),
        Migration(
            module: "quality", version: 2, name: "suspected duplicate pairs",
            sql: [
                """
                CREATE TABLE quality_duplicate_pairs (
                  person_a TEXT NOT NULL,
                  person_b TEXT NOT NULL,
                  probability DOUBLE PRECISION NOT NULL,
                  weight DOUBLE PRECISION NOT NULL,
                  evidence TEXT NOT NULL,
                  province_a TEXT NOT NULL,
                  province_b TEXT NOT NULL,
                  status TEXT NOT NULL,
                  found_at BIGINT NOT NULL,
                  decided_by TEXT,
                  decided_at BIGINT,
                  PRIMARY KEY (person_a, person_b))
                """,
                "CREATE INDEX quality_duplicate_pairs_status ON quality_duplicate_pairs (status, province_a, province_b)",
            ]),
        Migration(
            module: "quality", version: 3, name: "officers' decisions on suspected duplicates",
            sql: [
                // Append-only: every decision, and every undoing of a merge, with who, when and why.
                """
                CREATE TABLE quality_duplicate_decisions (
                  person_a TEXT NOT NULL,
                  person_b TEXT NOT NULL,
                  decided_at BIGINT NOT NULL,
                  decision TEXT NOT NULL,
                  survivor TEXT,
                  officer TEXT NOT NULL,
                  reason TEXT NOT NULL,
                  probability DOUBLE PRECISION,
                  PRIMARY KEY (person_a, person_b, decided_at, decision))
                """,
                "ALTER TABLE quality_duplicate_pairs ADD COLUMN survivor TEXT",
            ]),
        Migration(
            module: "quality", version: 4, name: "scores hash-partitioned by personal number (PostgreSQL)",
            sqlite: [],
            postgres: HashPartitioning(
                table: "quality_scores", primaryKey: ["personal_number"],
                indexes: ["CREATE INDEX quality_scores_place ON quality_scores (province_code, ward_code)"]
            ).statements),
    ]
}
