import DanCuCore
import DanCuStore

/// Search by name: each word of the query, folded (Nguyễn = nguyen = NGUYỄN), is the start of a part of
/// the name, in the order given: "viet", "nguyen viet" and "ng h v" all find Nguyễn Hữu Việt.
///
/// The results come in two tiers, each in folded-name order: first the names that
/// begin with the words as typed (what the query most likely means, and cheap: a range of
/// `persons_by_name`), then the other matches, found through `person_name_parts`. The second tier is
/// read only when the first is used up, on the page after the first tier's last (or at once when the
/// first tier is empty), so a page can be short and still have a next one.
///
/// - In a ward, both tiers go through `persons_by_ward_name`: the first as a range, the second reading
///   the ward's people in name order until a page is full (a ward holds thousands, not millions).
/// - Outside a ward, the second tier of one word is the people with a later part that starts with it; of several
///   words, the second and later words can only match parts after the first, so the rarest of them,
///   judged by a capped count, gives the candidates, and the whole query checks the order.
extension Register {
    /// How many index rows a word's count reads at most when choosing the rarest word.
    static let selectivityCap = 2_000

    @_spi(Gate) public func search(_ query: PersonSearch) async throws -> SearchPage {
        let words = VietnameseName.fold(query.name).split(separator: " ").map(String.init)
        guard !words.isEmpty else {
            throw RegisterError.invalid([RuleViolation(field: "name", rule: "required", detail: "search needs a name")])
        }
        let limit = max(1, min(query.limit, 200))
        // The first tier is one statement (no transaction around it on PostgreSQL).
        if (query.after?.tier ?? 1) == 1 {
            let first = try await laggingReads.readOne { db in try NameSearch(query: query, words: words, limit: limit, db: db).beginning() }
            if !first.hits.isEmpty { return first }
        }
        return try await laggingReads.read { db in try NameSearch(query: query, words: words, limit: limit, db: db).otherMatches() }
    }
}

/// One search inside its read transaction.
struct NameSearch {
    let query: PersonSearch
    let words: [String]
    let limit: Int
    let db: any SQLConnection

    static let columns = "personal_number, full_name, name_key, birth_year, sex, ward_code, vital_status"

    /// The query as typed, folded: names beginning with it are the first tier.
    var typed: String { words.joined(separator: " ") }

    /// A full page continues in its tier; a short first tier continues with the other matches.
    func page(tier: Int, _ hits: [SearchHit]) -> SearchPage {
        let last = hits.count == limit ? hits.last.map { SearchPosition(tier: tier, nameKey: $0.nameKey, personalNumber: $0.personalNumber) } : nil
        return SearchPage(hits: hits, next: last ?? (tier == 1 && !hits.isEmpty ? .otherMatches : nil))
    }

    /// `ward_code = ? AND ` with its bind, in a ward.
    var inWard: (sql: String, binds: [SQLValue]) {
        query.wardCode.map { ("ward_code = ? AND ", [.text($0)]) } ?? ("", [])
    }

    /// Names that begin with the words as typed, which match them in order whatever follows.
    func beginning() throws -> SearchPage {
        let filter = SearchFilter(query, words: words, tier: 1, inOrder: false)
        return page(
            tier: 1,
            try hits(
                "SELECT \(Self.columns) FROM persons WHERE \(inWard.sql)name_key >= ? AND name_key < ? AND \(filter.sql)",
                inWard.binds + [.text(typed), .text(typed + "\u{FFFF}")] + filter.binds))
    }

    func otherMatches() throws -> SearchPage {
        let filter = SearchFilter(query, words: words, tier: 2)
        if query.wardCode != nil {
            // A ward's people, read in name order: thousands, not millions.
            return page(
                tier: 2,
                try hits(
                    "SELECT \(Self.columns) FROM persons WHERE \(inWard.sql)NOT (name_key >= ? AND name_key < ?) AND \(filter.sql)",
                    inWard.binds + [.text(typed), .text(typed + "\u{FFFF}")] + filter.binds))
        }
        let driver = words.count == 1 ? words[0] : try rarestLaterWord()
        return page(
            tier: 2,
            try hits(
                """
                SELECT \(Self.columns) FROM persons
                WHERE personal_number IN (SELECT personal_number FROM person_name_parts WHERE part >= ? AND part < ?)
                  AND NOT (name_key >= ? AND name_key < ?) AND \(filter.sql)
                """, [.text(driver), .text(driver + "\u{FFFF}"), .text(typed), .text(typed + "\u{FFFF}")] + filter.binds))
    }

    func hits(_ sql: String, _ binds: [SQLValue]) throws -> [SearchHit] {
        try db.query(sql + " ORDER BY name_key, personal_number LIMIT ?", binds + [.int(Int64(limit))]).map { row in
            SearchHit(
                personalNumber: try row.string("personal_number"), fullName: try row.string("full_name"),
                birthYear: Int(try row.int("birth_year")), sex: try row.string("sex"),
                wardCode: row["ward_code"].string, vitalStatus: try row.string("vital_status"),
                nameKey: try row.string("name_key"))
        }
    }

    /// Of the words after the first, the one the fewest name parts start with (counted up to the cap).
    func rarestLaterWord() throws -> String {
        var best = words[1]
        var fewest = Int64.max
        for word in Set(words.dropFirst()).sorted() {
            let count =
                try db.queryOne(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM person_name_parts WHERE part >= ? AND part < ? LIMIT \(Register.selectivityCap)) capped
                    """, [.text(word), .text(word + "\u{FFFF}")])?.int("n") ?? 0
            if count < fewest || (count == fewest && word.count > best.count) { (best, fewest) = (word, count) }
        }
        return best
    }
}

/// The conditions every shape of search shares: the words in order, the optional narrowing, and where
/// the previous page of this tier ended.
struct SearchFilter {
    var sql: String
    var binds: [SQLValue]

    init(_ query: PersonSearch, words: [String], tier: Int, inOrder: Bool = true) {
        // ' ' || name_key LIKE '% w1% w2%': each word starts a part, each after the one before.
        sql = inOrder ? #"(' ' || name_key) LIKE ? ESCAPE '\'"# : "1 = 1"
        binds = inOrder ? [.text(words.map { "% " + Self.escaped($0) }.joined() + "%")] : []
        if let province = query.provinceCode {
            sql += " AND province_code = ?"
            binds.append(.text(province))
        }
        if let year = query.birthYear {
            sql += " AND birth_year = ?"
            binds.append(.int(Int64(year)))
        }
        if let after = query.after, after.tier == tier, !after.nameKey.isEmpty {
            sql += " AND (name_key > ? OR (name_key = ? AND personal_number > ?))"
            binds += [.text(after.nameKey), .text(after.nameKey), .text(after.personalNumber)]
        }
    }

    static func escaped(_ word: String) -> String {
        var out = ""
        for character in word {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
