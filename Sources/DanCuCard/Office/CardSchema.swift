public import DanCuStore

/// The card office's tables. A card's id begins with its holder's personal number, so every card table
/// is keyed by personal number first (DESIGN.md principle 6).
public enum CardSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "cards", version: 1, name: "cards, card events, sealed biometrics and chips",
            sqlite: version1(.sqlite), postgres: version1(.postgres)),
        Migration(
            module: "cards", version: 2, name: "the card outbox: cards lost, stolen or revoked, in order, for followers",
            sqlite: [
                """
                CREATE TABLE card_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, card_id TEXT NOT NULL, personal_number TEXT NOT NULL,
                  event TEXT NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL)
                """
            ],
            postgres: [
                """
                CREATE TABLE card_outbox (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, card_id TEXT NOT NULL,
                  personal_number TEXT NOT NULL, event TEXT NOT NULL, status TEXT NOT NULL, at BIGINT NOT NULL)
                """
            ]),
    ]

    /// The statuses a card's follower (the exchange's subscriptions) is told of.
    static let announcedStatuses: Set<CardStatus> = [.lost, .stolen, .revoked]

    /// The statuses of a card that is still being made: a person has at most one at a time.
    static let openStatuses = "('applied','approved','produced')"

    static func version1(_ dialect: SQLDialect) -> [String] {
        let sqlite = dialect == .sqlite
        let bigint = sqlite ? "INTEGER" : "BIGINT"
        let blob = sqlite ? "BLOB" : "BYTEA"
        // Rows of sealed images and chip files are large: those tables keep SQLite's rowid.
        let keyed = sqlite ? " WITHOUT ROWID" : ""
        return [
            """
            CREATE TABLE cards (
              card_id TEXT PRIMARY KEY, personal_number TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL,
              version INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT, applied_at \(bigint) NOT NULL,
              issued_on TEXT, expires_on TEXT, sod_digest TEXT, document_signer TEXT, person_version INTEGER,
              UNIQUE (personal_number, seq)
            )\(keyed)
            """,
            "CREATE UNIQUE INDEX cards_one_open ON cards (personal_number) WHERE status IN \(openStatuses)",
            "CREATE UNIQUE INDEX cards_by_sod ON cards (sod_digest) WHERE sod_digest IS NOT NULL",
            """
            CREATE TABLE card_events (
              card_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, status TEXT NOT NULL,
              officer TEXT NOT NULL, at \(bigint) NOT NULL, reason TEXT, PRIMARY KEY (card_id, seq)
            )\(keyed)
            """,
            "CREATE TABLE card_biometrics (card_id TEXT PRIMARY KEY, sealed \(blob) NOT NULL)",
            "CREATE TABLE card_chips (card_id TEXT PRIMARY KEY, files \(blob) NOT NULL, chip_keys \(blob) NOT NULL)",
        ]
    }
}
