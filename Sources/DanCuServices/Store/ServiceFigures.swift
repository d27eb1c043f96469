import DanCuCore
import DanCuStore

/// Applications counted per procedure, ward and month of receipt: what leaders steer by. Counts only;
/// no application or person is named.
public struct ServiceFigure: Sendable, Equatable {
    public let procedure: String
    /// The ward, or the province when counted by province.
    public let area: String
    public let month: String
    public let received: Int
    /// Ended: results issued or refused.
    public let done: Int
    public let onTime: Int
    /// Ended after the deadline, or still open past it (not while a supplement is owed).
    public let late: Int
    /// The mean working days from receipt to the end, of those ended; nil when none ended.
    public let averageDays: Double?
}

enum ServiceFigures {
    static func read(
        month: String, procedure: String?, byProvince: Bool, scope: ServiceScope, today: LocalDate, in db: any SQLConnection
    ) throws -> [ServiceFigure] {
        let area = byProvince ? "province_code" : "ward_code"
        var sql = """
            SELECT procedure_code, \(area) AS area, COUNT(*) AS received,
              SUM(CASE WHEN finished_on IS NOT NULL THEN 1 ELSE 0 END) AS done,
              SUM(CASE WHEN finished_late = 0 THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN finished_late = 1 OR (finished_on IS NULL AND status <> 'supplement-requested' AND deadline < ?) THEN 1 ELSE 0 END) AS late,
              CAST(AVG(working_days) AS DOUBLE PRECISION) AS average_days
            FROM service_applications WHERE received_month = ?
            """
        var binds: [SQLValue] = [.text(today.description), .text(month)]
        let within = scope.condition()
        sql += within.sql
        binds += within.binds
        if let procedure {
            sql += " AND procedure_code = ?"
            binds.append(.text(procedure))
        }
        sql += " GROUP BY procedure_code, \(area) ORDER BY procedure_code, \(area)"
        return try db.query(sql, binds).map { row in
            let average: Double? =
                switch row["average_days"] {
                case .double(let d): d
                case .int(let i): Double(i)
                case .text(let t): Double(t)
                default: nil
                }
            return ServiceFigure(
                procedure: try row.string("procedure_code"), area: try row.string("area"), month: month, received: Int(try row.int("received")),
                done: Int(row["done"].int ?? 0), onTime: Int(row["on_time"].int ?? 0), late: Int(row["late"].int ?? 0), averageDays: average)
        }
    }
}
