import DanCuCore
import DanCuStore

/// The open steps of desks in wards: an officer's work queue. It reads the steps alone (codes, desks,
/// due days), never the applications with their applicants and forms, so a queue discloses no one.
enum ServiceQueue {
    struct Row: Sendable {
        let code: String
        let procedure: String
        let step: String
        let desk: Procedure.Desk
        let wardCode: String
        let status: StepStatus
        let openedOn: LocalDate?
        let due: LocalDate?
    }

    /// Open steps of `desks` in `scope`, the earliest due first.
    static func open(desks: [Procedure.Desk], scope: ServiceScope, limit: Int, in db: any SQLConnection) throws -> [Row] {
        var sql = """
            SELECT s.application, s.procedure_code, s.step, s.desk, s.ward_code, s.status, s.opened_on, s.due
            FROM service_application_steps s
            WHERE s.status = 'open' AND s.desk IN (\(desks.map { _ in "?" }.joined(separator: ",")))
            """
        var binds: [SQLValue] = desks.map { .text($0.rawValue) }
        let within = scope.condition("s.")
        sql += within.sql
        binds += within.binds
        sql += " ORDER BY s.due, s.application LIMIT ?"
        binds.append(.int(Int64(limit)))
        return try db.query(sql, binds).compactMap { row in
            guard let desk = Procedure.Desk(rawValue: try row.string("desk")), let status = StepStatus(rawValue: try row.string("status")) else { return nil }
            return Row(
                code: try row.string("application"), procedure: try row.string("procedure_code"), step: try row.string("step"), desk: desk,
                wardCode: try row.string("ward_code"), status: status, openedOn: row["opened_on"].string.flatMap { try? LocalDate(iso: $0) },
                due: row["due"].string.flatMap { try? LocalDate(iso: $0) })
        }
    }

    /// Open member-system steps that are one of `steps` (procedure, step), the earliest due first: a
    /// member system's queue, across the nation (its grant's province is judged per application).
    static func member(steps: [(procedure: String, step: String)], limit: Int, in db: any SQLConnection) throws -> [Row] {
        guard !steps.isEmpty else { return [] }
        let procedures = Array(Set(steps.map(\.procedure))).sorted()
        let ids = Array(Set(steps.map(\.step))).sorted()
        let sql = """
            SELECT s.application, s.procedure_code, s.step, s.desk, s.ward_code, s.status, s.opened_on, s.due
            FROM service_application_steps s
            WHERE s.status = 'open' AND s.desk = ? AND s.procedure_code IN (\(procedures.map { _ in "?" }.joined(separator: ",")))
              AND s.step IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY s.due, s.application LIMIT ?
            """
        let binds: [SQLValue] = [.text(Procedure.Desk.memberSystem.rawValue)] + procedures.map { .text($0) } + ids.map { .text($0) } + [.int(Int64(limit))]
        return try db.query(sql, binds).compactMap { row in
            guard let status = StepStatus(rawValue: try row.string("status")) else { return nil }
            let procedure = try row.string("procedure_code")
            let step = try row.string("step")
            guard steps.contains(where: { $0.procedure == procedure && $0.step == step }) else { return nil }
            return Row(
                code: try row.string("application"), procedure: procedure, step: step, desk: .memberSystem, wardCode: try row.string("ward_code"),
                status: status, openedOn: row["opened_on"].string.flatMap { try? LocalDate(iso: $0) },
                due: row["due"].string.flatMap { try? LocalDate(iso: $0) })
        }
    }
}
