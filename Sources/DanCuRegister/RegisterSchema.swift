import DanCuCore
public import DanCuStore

/// The register's tables. Every person-owned table is keyed by personal number first (DESIGN.md
/// principle 6), so it can be partitioned or distributed by that key.
public enum RegisterSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "register", version: 1, name: "persons, life events, outbox, allocation, households",
            sqlite: version1(.sqlite), postgres: version1(.postgres)),
        Migration(
            module: "register", version: 2, name: "life events in format 2: named fields instead of the compiler's _0",
            sqlite: eventFormat2(.sqlite), postgres: eventFormat2(.postgres)),
        Migration(
            module: "register", version: 3, name: "name parts after the first, so that a search finds the start of any part",
            sqlite: nameParts(.sqlite), postgres: nameParts(.postgres)),
        Migration(
            module: "register", version: 4, name: "person-owned tables hash-partitioned by personal number (PostgreSQL)",
            sqlite: [], postgres: partitioned.flatMap(\.statements)),
        // A page of a search is ordered by name, then personal number: with the number second in the
        // index a page reads its 20 rows and stops, where (name_key, birth_year) read and sorted every
        // person of that name (5,205 "tran thi mai" among 10 million, 25 ms; growing with the register).
        Migration(
            module: "register", version: 5, name: "the name index in the order a search page reads it",
            sql: ["DROP INDEX persons_by_name", "CREATE INDEX persons_by_name ON persons (name_key, personal_number, birth_year)"]),
        // A birth is refused when the same child is registered already: same name, same day. The name
        // index alone made that check read every person of the name (of all years, 272 "nguyen thi
        // thuy" among 100,000, so about 270,000 at 100 million) and decode those born that year.
        Migration(
            module: "register", version: 6, name: "the date of birth beside the name, so that a repeated birth is found by one index seek",
            sqlite: birthDates(.sqlite), postgres: birthDates(.postgres)),
    ]

    /// The date of birth as the record writes it (`PartialDate`'s text), filled from the records
    /// already in, and its index with the folded name.
    @_spi(Gate) public static func birthDates(_ dialect: SQLDialect) -> [String] {
        let record = "COALESCE(p.record, (SELECT e.payload FROM life_events e WHERE e.personal_number = p.personal_number AND e.seq = 1))"
        return [
            "ALTER TABLE persons ADD COLUMN birth_date TEXT",
            dialect == .sqlite
                ? "UPDATE persons AS p SET birth_date = json_extract(\(record), '$.dateOfBirth')"
                : "UPDATE persons AS p SET birth_date = (\(record))::json ->> 'dateOfBirth'",
            "CREATE INDEX \(nameBirthIndex.name) ON persons \(nameBirthIndex.columns)",
        ]
    }

    /// The records of the people of a folded name born on a day (`PartialDate`'s text): the query
    /// `persons_by_name_birth` is for.
    @_spi(Gate) public static let peopleOfNameBornOn =
        "SELECT \(PersonTable.currentRecord) AS record FROM \(PersonTable.personsWithRecord) WHERE p.name_key = ? AND p.birth_date = ?"

    static let nameBirthIndex = (name: "persons_by_name_birth", columns: "(name_key, birth_date)")

    /// On PostgreSQL, the tables of people (`HashPartitioning`): persons, their life events, their
    /// household memberships. The outbox, households and the allocator are keyed otherwise and stay whole;
    /// so does `person_name_parts`, an index keyed by the part of a name.
    public static let partitioned: [HashPartitioning] = [
        HashPartitioning(table: "persons", primaryKey: ["personal_number"], indexes: personIndexes),
        HashPartitioning(table: "life_events", primaryKey: ["personal_number", "seq"]),
        HashPartitioning(table: "household_members", primaryKey: ["personal_number"], indexes: [householdMemberIndex]),
    ]

    static let personIndexes = [
        "CREATE INDEX persons_by_name ON persons (name_key, birth_year)",
        "CREATE INDEX persons_by_ward_name ON persons (ward_code, name_key)",
        "CREATE INDEX persons_by_legacy_id ON persons (legacy_id_number) WHERE legacy_id_number IS NOT NULL",
    ]
    /// The secondary indexes on persons as the migrations leave them (`persons_by_name` as version 5
    /// made it, `persons_by_name_birth` as version 6 made it). A load into an empty register drops them
    /// and builds each once at its end (`Register.deferringPersonIndexes`); every opening builds any that
    /// a load stopped midway left out.
    static let currentPersonIndexes: [(name: String, definition: String)] = [
        ("persons_by_name", "CREATE INDEX IF NOT EXISTS persons_by_name ON persons (name_key, personal_number, birth_year)"),
        ("persons_by_ward_name", "CREATE INDEX IF NOT EXISTS persons_by_ward_name ON persons (ward_code, name_key)"),
        ("persons_by_legacy_id", "CREATE INDEX IF NOT EXISTS persons_by_legacy_id ON persons (legacy_id_number) WHERE legacy_id_number IS NOT NULL"),
        (nameBirthIndex.name, "CREATE INDEX IF NOT EXISTS \(nameBirthIndex.name) ON persons \(nameBirthIndex.columns)"),
    ]
    static let householdMemberIndex = "CREATE INDEX household_members_by_household ON household_members (household_id)"

    /// The search index of name parts: each folded part of a name after the first (the first is the
    /// start of `name_key`, which `persons_by_name` already indexes), one row per distinct part and
    /// person. It is an index kept by the register's own writes, keyed by the part, not a person-owned
    /// table; a partitioned register keeps it as a global index. Filled here from the names already in.
    public static func nameParts(_ dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite:
            [
                "CREATE TABLE person_name_parts (part TEXT NOT NULL, personal_number TEXT NOT NULL, PRIMARY KEY (part, personal_number)) WITHOUT ROWID",
                """
                INSERT OR IGNORE INTO person_name_parts (part, personal_number)
                WITH RECURSIVE split(number, word, rest, position) AS (
                  SELECT personal_number, '', name_key || ' ', 0 FROM persons
                  UNION ALL
                  SELECT number, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1), position + 1 FROM split WHERE rest <> ''
                )
                SELECT word, number FROM split WHERE position > 1 AND word <> ''
                """,
            ]
        case .postgres:
            [
                #"CREATE TABLE person_name_parts (part TEXT COLLATE "C" NOT NULL, personal_number TEXT NOT NULL, PRIMARY KEY (part, personal_number))"#,
                """
                INSERT INTO person_name_parts (part, personal_number)
                SELECT DISTINCT t.part, p.personal_number FROM persons p, unnest(string_to_array(p.name_key, ' ')) WITH ORDINALITY AS t(part, position)
                WHERE t.position > 1 AND t.part <> ''
                """,
            ]
        }
    }

    /// Rewrites stored changes of format 1 (`{"nameChanged":{"_0":…}}`) into format 2
    /// (`{"nameChanged":{"name":…}}`); see `LifeEventChange.encodingFormat`. Registration events hold the
    /// record itself, and the other kinds had named fields already.
    public static func eventFormat2(_ dialect: SQLDialect) -> [String] {
        LifeEventChange.unnamedFieldsOfFormat1.map { kind, field in
            switch dialect {
            case .sqlite:
                // json_extract of an object keeps its JSON subtype, so json_set inserts it as JSON, and a string as a string.
                """
                UPDATE life_events SET payload = json_remove(json_set(payload, '$.\(kind).\(field)', json_extract(payload, '$.\(kind)._0')), '$.\(kind)._0')
                WHERE kind = '\(kind)' AND json_type(payload, '$.\(kind)._0') IS NOT NULL
                """
            case .postgres:
                """
                UPDATE life_events SET payload = jsonb_set(payload::jsonb #- '{\(kind),_0}', '{\(kind),\(field)}', payload::jsonb #> '{\(kind),_0}')::text
                WHERE kind = '\(kind)' AND payload::jsonb #> '{\(kind),_0}' IS NOT NULL
                """
            }
        }
    }

    /// One definition for both backends; only the type names and table options differ.
    static func version1(_ dialect: SQLDialect) -> [String] {
        let sqlite = dialect == .sqlite
        let bigint = sqlite ? "INTEGER" : "BIGINT"
        // Small tables keyed by a natural key need no hidden rowid on SQLite; tables whose rows hold a
        // record (persons, life_events) keep it: SQLite stores large rows badly in a WITHOUT ROWID b-tree.
        let keyed = sqlite ? " WITHOUT ROWID" : ""
        // Byte order for the folded key, so a prefix range scan uses the index on PostgreSQL too.
        let byteOrder = sqlite ? "" : #" COLLATE "C""#
        let identity = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        // persons.record caches the current record from version 2 on; at version 1 it is NULL and the
        // record is the payload of the registration event (life_events seq 1).
        return [
            """
            CREATE TABLE persons (
              personal_number TEXT PRIMARY KEY, version INTEGER NOT NULL, full_name TEXT NOT NULL,
              name_key TEXT\(byteOrder) NOT NULL, birth_year INTEGER NOT NULL, sex TEXT NOT NULL, ward_code TEXT,
              province_code TEXT, vital_status TEXT NOT NULL, household_id TEXT, legacy_id_number TEXT, record TEXT
            )
            """,
            """
            CREATE TABLE life_events (
              personal_number TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, valid_from TEXT NOT NULL,
              recorded_at \(bigint) NOT NULL, officer TEXT NOT NULL, reason TEXT, payload TEXT NOT NULL,
              PRIMARY KEY (personal_number, seq)
            )
            """,
            """
            CREATE TABLE outbox (
              id \(identity), personal_number TEXT NOT NULL, seq INTEGER NOT NULL,
              kind TEXT NOT NULL, recorded_at \(bigint) NOT NULL, published_at \(bigint)
            )
            """,
            "CREATE TABLE allocated_numbers (prefix TEXT NOT NULL, serial INTEGER NOT NULL, PRIMARY KEY (prefix, serial))\(keyed)",
            """
            CREATE TABLE households (
              id TEXT PRIMARY KEY, head TEXT NOT NULL, address TEXT NOT NULL, ward_code TEXT,
              version INTEGER NOT NULL, created_at \(bigint) NOT NULL
            )
            """,
            """
            CREATE TABLE household_members (
              personal_number TEXT PRIMARY KEY, household_id TEXT NOT NULL, relationship TEXT NOT NULL
            )\(keyed)
            """,
        ] + personIndexes + [householdMemberIndex, "CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL"]
    }
}
