import DanCuStore

/// The register's tables. Every person-owned table is keyed by personal number first (DESIGN.md
/// principle 6), so it can be partitioned or distributed by that key.
public enum RegisterSchema {
    public static let migrations: [Migration] = [
        Migration(module: "register", version: 1, name: "persons, life events, outbox, allocation, households",
            sqlite: [
                """
                CREATE TABLE persons (
                  personal_number TEXT PRIMARY KEY, version INTEGER NOT NULL, name_key TEXT NOT NULL,
                  birth_year INTEGER NOT NULL, sex TEXT NOT NULL, ward_code TEXT, province_code TEXT,
                  vital_status TEXT NOT NULL, household_id TEXT, legacy_id_number TEXT, record TEXT NOT NULL
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE life_events (
                  personal_number TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, valid_from TEXT NOT NULL,
                  recorded_at INTEGER NOT NULL, officer TEXT NOT NULL, reason TEXT, payload TEXT NOT NULL,
                  PRIMARY KEY (personal_number, seq)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE outbox (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, personal_number TEXT NOT NULL, seq INTEGER NOT NULL,
                  kind TEXT NOT NULL, recorded_at INTEGER NOT NULL, published_at INTEGER
                )
                """,
                "CREATE TABLE allocated_numbers (prefix TEXT NOT NULL, serial INTEGER NOT NULL, PRIMARY KEY (prefix, serial)) WITHOUT ROWID",
                """
                CREATE TABLE households (
                  id TEXT PRIMARY KEY, head TEXT NOT NULL, address TEXT NOT NULL, ward_code TEXT,
                  version INTEGER NOT NULL, created_at INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE household_members (
                  personal_number TEXT PRIMARY KEY, household_id TEXT NOT NULL, relationship TEXT NOT NULL
                ) WITHOUT ROWID
                """,
            ] + indexes,
            postgres: [
                """
                CREATE TABLE persons (
                  personal_number TEXT PRIMARY KEY, version INTEGER NOT NULL, name_key TEXT COLLATE "C" NOT NULL,
                  birth_year INTEGER NOT NULL, sex TEXT NOT NULL, ward_code TEXT, province_code TEXT,
                  vital_status TEXT NOT NULL, household_id TEXT, legacy_id_number TEXT, record TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE life_events (
                  personal_number TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, valid_from TEXT NOT NULL,
                  recorded_at BIGINT NOT NULL, officer TEXT NOT NULL, reason TEXT, payload TEXT NOT NULL,
                  PRIMARY KEY (personal_number, seq)
                )
                """,
                """
                CREATE TABLE outbox (
                  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, personal_number TEXT NOT NULL, seq INTEGER NOT NULL,
                  kind TEXT NOT NULL, recorded_at BIGINT NOT NULL, published_at BIGINT
                )
                """,
                "CREATE TABLE allocated_numbers (prefix TEXT NOT NULL, serial INTEGER NOT NULL, PRIMARY KEY (prefix, serial))",
                """
                CREATE TABLE households (
                  id TEXT PRIMARY KEY, head TEXT NOT NULL, address TEXT NOT NULL, ward_code TEXT,
                  version INTEGER NOT NULL, created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE household_members (
                  personal_number TEXT PRIMARY KEY, household_id TEXT NOT NULL, relationship TEXT NOT NULL
                )
                """,
            ] + indexes),
    ]

    static let indexes = [
        "CREATE INDEX persons_by_name ON persons (name_key, birth_year)",
        "CREATE INDEX persons_by_ward_name ON persons (ward_code, name_key)",
        "CREATE INDEX persons_by_legacy_id ON persons (legacy_id_number) WHERE legacy_id_number IS NOT NULL",
        "CREATE INDEX household_members_by_household ON household_members (household_id)",
        "CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL",
    ]
}
