import DanCuStore

/// Counts for the command line and, later, dashboards: by current province, sex and age band.
public struct RegisterStatistics: Sendable {
    public var total: Int
    public var alive: Int
    public var byProvince: [(String, Int)]
    public var bySex: [(String, Int)]
    public var byAgeBand: [(String, Int)]
    /// People alive aged 15 and over (by year of birth), by marital status.
    public var byMaritalStatus: [(String, Int)] = []
    /// People alive, by ethnic group code and by religion.
    public var byEthnicity: [(String, Int)] = []
    public var byReligion: [(String, Int)] = []
}

extension Register {
    public func statistics(onYear year: Int) async throws -> RegisterStatistics {
        try await laggingReads.read { db in
            func pairs(_ sql: String, _ binds: [SQLValue] = []) throws -> [(String, Int)] {
                try db.query(sql, binds).map { ($0["k"].string ?? String($0["k"].int ?? -1), Int($0["n"].int ?? 0)) }
            }
            let total = Int(try db.queryOne("SELECT COUNT(*) AS n FROM persons")?["n"].int ?? 0)
            let alive = Int(try db.queryOne("SELECT COUNT(*) AS n FROM persons WHERE vital_status = 'alive'")?["n"].int ?? 0)
            let provinces = try pairs("SELECT COALESCE(province_code, '??') AS k, COUNT(*) AS n FROM persons GROUP BY province_code ORDER BY 1")
            let sexes = try pairs("SELECT sex AS k, COUNT(*) AS n FROM persons GROUP BY sex ORDER BY 1")
            let bands = try db.query(
                """
                SELECT (? - birth_year) / 5 AS band, COUNT(*) AS n FROM persons WHERE vital_status = 'alive'
                GROUP BY band ORDER BY band
                """, [.int(Int64(year))]
            ).map { row -> (String, Int) in
                let b = Int(row["band"].int ?? 0)
                return (b >= 16 ? "80+" : "\(b * 5)–\(b * 5 + 4)", Int(row["n"].int ?? 0))
            }
            var merged: [(String, Int)] = []
            for (band, n) in bands {
                if band == "80+", let last = merged.last, last.0 == "80+" { merged[merged.count - 1].1 += n } else { merged.append((band, n)) }
            }
            var summary = RegisterStatistics(total: total, alive: alive, byProvince: provinces, bySex: sexes, byAgeBand: merged)
            // Fields kept only in the record: read from its JSON, a scan that is for the analyst's desk, not a hot path.
            func field(_ name: String) -> String {
                db.dialect == .sqlite ? "json_extract(\(PersonTable.currentRecord), '$.\(name)')" : "(\(PersonTable.currentRecord))::jsonb->>'\(name)'"
            }
            let alivePeople = "FROM \(PersonTable.personsWithRecord) WHERE p.vital_status = 'alive'"
            summary.byMaritalStatus = try pairs(
                "SELECT COALESCE(\(field("maritalStatus")), 'unknown') AS k, COUNT(*) AS n \(alivePeople) AND p.birth_year <= ? GROUP BY 1 ORDER BY 2 DESC",
                [.int(Int64(year - 15))])
            summary.byEthnicity = try pairs("SELECT COALESCE(\(field("ethnicity")), '??') AS k, COUNT(*) AS n \(alivePeople) GROUP BY 1 ORDER BY 2 DESC")
            summary.byReligion = try pairs("SELECT COALESCE(\(field("religion")), '??') AS k, COUNT(*) AS n \(alivePeople) GROUP BY 1 ORDER BY 2 DESC")
            return summary
        }
    }
}
