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

/// The figures are kept as counts per month of receipt, procedure and ward (`service_figures`), changed
/// in the transaction that changes an application, so that a figure costs one row per ward and
/// procedure however many applications a month had: counting the month's applications themselves took
/// 10 ms per 4,700 on SQLite, ten seconds for five million. Only "late" has a part that moves with the
/// calendar, not with a change: applications still open past their deadline, counted at the time of
/// asking from the open ones alone (`service_applications_open`, an index of unfinished applications).
enum ServiceFigures {
    /// What one application adds to its month's, procedure's and ward's counts.
    struct Share: Equatable {
        let month: String
        let procedure: String
        let ward: String
        let province: String
        let counts: Counts

        /// Nothing until the application is received (the month of receipt keys it).
        init?(_ application: ApplicationCase, province: String) {
            guard let received = application.receivedOn else { return nil }
            month = ApplicationTable.month(received)
            procedure = application.procedure
            ward = application.wardCode
            self.province = province
            counts = Counts(
                received: 1, done: application.finishedOn == nil ? 0 : 1, onTime: application.finishedLate == false ? 1 : 0,
                late: application.finishedLate == true ? 1 : 0, days: Int64(application.workingDaysTaken ?? 0),
                daysCounted: application.workingDaysTaken == nil ? 0 : 1)
        }

        func isSameRow(as other: Share) -> Bool { month == other.month && procedure == other.procedure && ward == other.ward }
    }

    struct Counts: Equatable {
        var received: Int64
        var done: Int64
        var onTime: Int64
        var late: Int64
        var days: Int64
        var daysCounted: Int64

        static func - (a: Counts, b: Counts) -> Counts {
            Counts(
                received: a.received - b.received, done: a.done - b.done, onTime: a.onTime - b.onTime, late: a.late - b.late, days: a.days - b.days,
                daysCounted: a.daysCounted - b.daysCounted)
        }

        static let none = Counts(received: 0, done: 0, onTime: 0, late: 0, days: 0, daysCounted: 0)
    }

    /// Moves the counts from what `before` added to what `after` adds, with one write when both are
    /// the same row's; most changes (a step approved while others remain) change neither, and write
    /// nothing.
    static func move(from before: Share?, to after: Share?, in db: any SQLConnection) throws {
        guard before != after else { return }
        if let before, let after, after.isSameRow(as: before) {
            try add(after.counts - before.counts, to: after, in: db)
            return
        }
        if let before { try add(.none - before.counts, to: before, in: db) }
        if let after { try add(after.counts, to: after, in: db) }
    }

    private static func add(_ counts: Counts, to row: Share, in db: any SQLConnection) throws {
        try db.execute(
            """
            INSERT INTO service_figures (received_month, procedure_code, ward_code, province_code, received, done, on_time, late, days_total, days_counted)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT (received_month, procedure_code, ward_code) DO UPDATE SET
              received = service_figures.received + excluded.received, done = service_figures.done + excluded.done,
              on_time = service_figures.on_time + excluded.on_time, late = service_figures.late + excluded.late,
              days_total = service_figures.days_total + excluded.days_total, days_counted = service_figures.days_counted + excluded.days_counted
            """,
            [
                .text(row.month), .text(row.procedure), .text(row.ward), .text(row.province), .int(counts.received), .int(counts.done),
                .int(counts.onTime), .int(counts.late), .int(counts.days), .int(counts.daysCounted),
            ])
    }

    /// Applications still open past their deadline, except while the applicant owes a supplement (the
    /// clock stands), per procedure and `area`, among those `filter` keeps; its last bind is today.
    static func stillOpenPastDeadline(area: String, filter: String) -> String {
        """
        SELECT procedure_code, \(area) AS area, COUNT(*) AS late FROM service_applications\(filter)
          AND finished_on IS NULL AND status <> 'supplement-requested' AND deadline < ?
        GROUP BY procedure_code, \(area)
        """
    }

    static func read(
        month: String, procedure: String?, byProvince: Bool, scope: ServiceScope, today: LocalDate, in db: any SQLConnection
    ) throws -> [ServiceFigure] {
        let area = byProvince ? "province_code" : "ward_code"
        var filter = " WHERE received_month = ?"
        var binds: [SQLValue] = [.text(month)]
        let within = scope.condition()
        filter += within.sql
        binds += within.binds
        if let procedure {
            filter += " AND procedure_code = ?"
            binds.append(.text(procedure))
        }
        let counts = try db.query(
            """
            SELECT procedure_code, \(area) AS area, CAST(SUM(received) AS BIGINT) AS received, CAST(SUM(done) AS BIGINT) AS done,
              CAST(SUM(on_time) AS BIGINT) AS on_time, CAST(SUM(late) AS BIGINT) AS late, CAST(SUM(days_total) AS BIGINT) AS days_total,
              CAST(SUM(days_counted) AS BIGINT) AS days_counted
            FROM service_figures\(filter)
            GROUP BY procedure_code, \(area) ORDER BY procedure_code, \(area)
            """, binds)
        let overdue = try db.query(stillOpenPastDeadline(area: area, filter: filter), binds + [.text(today.description)])
        var stillOpenLate: [String: Int] = [:]
        for row in overdue { stillOpenLate[try row.string("procedure_code") + " " + row.string("area")] = Int(try row.int("late")) }
        return try counts.compactMap { row in
            let received = Int(try row.int("received"))
            // A group every application left (their month of receipt changed) is no group.
            guard received > 0 else { return nil }
            let procedure = try row.string("procedure_code")
            let area = try row.string("area")
            let counted = try row.int("days_counted")
            return ServiceFigure(
                procedure: procedure, area: area, month: month, received: received, done: Int(try row.int("done")), onTime: Int(try row.int("on_time")),
                late: Int(try row.int("late")) + stillOpenLate[procedure + " " + area, default: 0],
                averageDays: counted > 0 ? Double(try row.int("days_total")) / Double(counted) : nil)
        }
    }
}
