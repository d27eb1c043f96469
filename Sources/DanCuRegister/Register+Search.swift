import DanCuCore
import DanCuStore

/// Search by name: each word of the query, folded (Nguyễn = nguyen = NGUYỄN), is the start of a part of
/// the name, in the order given: "viet", "nguyen viet" and "ng h v" all find Nguyễn Hữu Việt. Results
/// come in folded-name order, a page at a time.
///
/// How the index is used:
/// - in one ward, the ward's people are read in name order through `persons_by_ward_name` until a page
///   is full (a ward holds thousands, not millions);
/// - one word: the people whose name starts with it (`persons_by_name`, in order) and the people with a
///   later part that does (`person_name_parts`), two disjoint sets merged in order;
/// - several words: the second and later words can only match parts after the first, so the rarest of
///   them, judged by a capped count in `person_name_parts`, gives the candidates; the whole query then
///   checks the order.
extension Register {
    /// How many index rows a word's count reads at most when choosing the rarest word.
    static let selectivityCap = 2_000

    @_spi(Gate) public func search(_ query: PersonSearch) async throws -> [SearchHit] {
        let words = VietnameseName.fold(query.name).split(separator: " ").map(String.init)
        guard !words.isEmpty else {
            throw RegisterError.invalid([RuleViolation(field: "name", rule: "required", detail: "search needs a name")])
        }
        let limit = Int64(max(1, min(query.limit, 200)))
        return try await store.read { db in
            var filter = SearchFilter(query)
            let statement: String
            if let ward = query.wardCode {
                statement = "SELECT \(Self.hitColumns) FROM persons WHERE ward_code = ? AND \(filter.sql) ORDER BY name_key, personal_number LIMIT ?"
                filter.binds.insert(.text(ward), at: 0)
            } else if words.count == 1 {
                let word = words[0]
                // Both halves name the same binds: the filter, then the word's range.
                statement = """
                    SELECT \(Self.hitColumns) FROM persons WHERE name_key >= ? AND name_key < ? AND \(filter.sql)
                    UNION ALL
                    SELECT \(Self.hitColumns) FROM persons
                    WHERE personal_number IN (SELECT personal_number FROM person_name_parts WHERE part >= ? AND part < ?)
                      AND NOT (name_key >= ? AND name_key < ?) AND \(filter.sql)
                    ORDER BY name_key, personal_number LIMIT ?
                    """
                let range: [SQLValue] = [.text(word), .text(word + "\u{FFFF}")]
                filter.binds = range + filter.binds + range + range + filter.binds
            } else {
                let rarest = try Self.rarestLaterWord(words, db)
                statement = """
                    SELECT \(Self.hitColumns) FROM persons
                    WHERE personal_number IN (SELECT personal_number FROM person_name_parts WHERE part >= ? AND part < ?) AND \(filter.sql)
                    ORDER BY name_key, personal_number LIMIT ?
                    """
                filter.binds.insert(contentsOf: [.text(rarest), .text(rarest + "\u{FFFF}")], at: 0)
            }
            return try db.query(statement, filter.binds + [.int(limit)]).map(Self.hit)
        }
    }

    static let hitColumns = "personal_number, full_name, name_key, birth_year, sex, ward_code, vital_status"

    static func hit(_ row: SQLRow) throws -> SearchHit {
        SearchHit(personalNumber: try row.string("personal_number"), fullName: try row.string("full_name"),
                  birthYear: Int(try row.int("birth_year")), sex: try row.string("sex"),
                  wardCode: row["ward_code"].string, vitalStatus: try row.string("vital_status"),
                  nameKey: try row.string("name_key"))
    }

    /// Of the words after the first, the one the fewest name parts start with (counted up to the cap).
    static func rarestLaterWord(_ words: [String], _ db: any SQLConnection) throws -> String {
        var best = words[1], fewest = Int64.max
        for word in Set(words.dropFirst()).sorted() {
            let count = try db.queryOne("""
                SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM person_name_parts WHERE part >= ? AND part < ? LIMIT \(selectivityCap)) capped
                """, [.text(word), .text(word + "\u{FFFF}")])?.int("n") ?? 0
            if count < fewest || (count == fewest && word.count > best.count) { (best, fewest) = (word, count) }
        }
        return best
    }
}

/// The conditions every shape of search shares: the words in order, then the optional narrowing and
/// the page cursor.
struct SearchFilter {
    var sql: String
    var binds: [SQLValue]

    init(_ query: PersonSearch) {
        let words = VietnameseName.fold(query.name).split(separator: " ")
        // ' ' || name_key LIKE '% w1% w2%': each word starts a part, each after the one before.
        sql = #"(' ' || name_key) LIKE ? ESCAPE '\'"#
        binds = [.text(words.map { "% " + Self.escaped(String($0)) }.joined() + "%")]
        if let province = query.provinceCode {
            sql += " AND province_code = ?"
            binds.append(.text(province))
        }
        if let year = query.birthYear {
            sql += " AND birth_year = ?"
            binds.append(.int(Int64(year)))
        }
        if let after = query.after {
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
