import DanCuCore
import DanCuStore
import Foundation

/// Reads and writes of the services' tables, inside the caller's transaction.
enum ApplicationTable {
    /// Stores a new application with its steps and first events.
    static func insert(
        _ change: Workflow.Change, form: String, provinceCode: String, idempotency: (key: String, fingerprint: String)?, in db: any SQLConnection
    ) throws {
        let a = change.application
        try db.execute(
            """
            INSERT INTO service_applications (code, procedure_code, applicant, subject, ward_code, province_code, status, submitted_at, received_on,
              received_month, deadline, finished_on, working_days, finished_late, form, supplement, idempotency_key, fingerprint, version)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [
                .text(a.code), .text(a.procedure), .text(a.applicant), SQLValue(a.subject), .text(a.wardCode), .text(provinceCode),
                .text(a.status.rawValue), .int(a.submittedAt), SQLValue(a.receivedOn?.description), SQLValue(a.receivedOn.map(month)),
                SQLValue(a.deadline?.description), SQLValue(a.finishedOn?.description), SQLValue(a.workingDaysTaken),
                SQLValue(a.finishedLate.map { $0 ? 1 : 0 }), .text(form), SQLValue(try supplement(a.supplement)), SQLValue(idempotency?.key),
                SQLValue(idempotency?.fingerprint), .int(Int64(a.version)),
            ])
        for (position, step) in a.steps.enumerated() {
            try db.execute(
                """
                INSERT INTO service_application_steps (application, step, procedure_code, position, desk, ward_code, province_code, status, opened_on, due,
                  decided_on, decided_by, note)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
                [.text(a.code), .text(step.id), .text(a.procedure), .int(Int64(position)), .text(step.desk.rawValue), .text(a.wardCode), .text(provinceCode)]
                    + stepColumns(step))
        }
        try append(change.events, to: a.code, after: 0, in: db)
        try ServiceFigures.move(from: nil, to: ServiceFigures.Share(a, province: provinceCode), in: db)
    }

    /// Stores a change of an application read at `previous`'s version; fails when another change came
    /// first (the caller's transaction then rolls back).
    static func update(_ change: Workflow.Change, from previous: ApplicationCase, form: String? = nil, in db: any SQLConnection) throws {
        let a = change.application
        let rows = try db.query(
            """
            UPDATE service_applications SET subject = ?, status = ?, received_on = ?, received_month = ?, deadline = ?, finished_on = ?,
              working_days = ?, finished_late = ?, supplement = ?, form = COALESCE(?, form), version = ?
            WHERE code = ? AND version = ? RETURNING province_code
            """,
            [
                SQLValue(a.subject), .text(a.status.rawValue), SQLValue(a.receivedOn?.description), SQLValue(a.receivedOn.map(month)),
                SQLValue(a.deadline?.description), SQLValue(a.finishedOn?.description), SQLValue(a.workingDaysTaken),
                SQLValue(a.finishedLate.map { $0 ? 1 : 0 }), SQLValue(try supplement(a.supplement)), SQLValue(form), .int(Int64(a.version)),
                .text(a.code), .int(Int64(previous.version)),
            ])
        guard let province = try rows.first?.string("province_code") else {
            throw ServiceError.wrongState("the application changed meanwhile; read it again")
        }
        try ServiceFigures.move(
            from: ServiceFigures.Share(previous, province: province), to: ServiceFigures.Share(a, province: province), in: db)
        for step in a.steps where previous.step(step.id) != step {
            try db.execute(
                "UPDATE service_application_steps SET status = ?, opened_on = ?, due = ?, decided_on = ?, decided_by = ?, note = ? WHERE application = ? AND step = ?",
                stepColumns(step) + [.text(a.code), .text(step.id)])
        }
        let last = try db.queryOne("SELECT COALESCE(MAX(seq), 0) AS n FROM service_application_events WHERE application = ?", [.text(a.code)])
        try append(change.events, to: a.code, after: try last?.int("n") ?? 0, in: db)
    }

    private static func append(_ events: [ApplicationEvent], to code: String, after seq: Int64, in db: any SQLConnection) throws {
        for (i, event) in events.enumerated() {
            try db.execute(
                "INSERT INTO service_application_events (application, seq, kind, step, actor, at, note) VALUES (?,?,?,?,?,?,?)",
                [
                    .text(code), .int(seq + Int64(i) + 1), .text(event.kind.rawValue), SQLValue(event.step), .text(event.actor), .int(event.at),
                    SQLValue(event.note),
                ])
        }
    }

    /// `2026-12`: the month of a day, as the figures group applications.
    static func month(_ date: LocalDate) -> String { String(date.description.prefix(7)) }

    private static func stepColumns(_ step: ApplicationCase.StepProgress) -> [SQLValue] {
        [
            .text(step.status.rawValue), SQLValue(step.openedOn?.description), SQLValue(step.due?.description), SQLValue(step.decidedOn?.description),
            SQLValue(step.decidedBy), SQLValue(step.note),
        ]
    }

    private static func supplement(_ request: ApplicationCase.SupplementRequest?) throws -> String? {
        guard let request else { return nil }
        let object: [String: Any] = [
            "step": request.step, "reason": request.reason, "requestedOn": request.requestedOn.description, "requestedBy": request.requestedBy,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A stored application: its state, and its form as stored.
    struct Stored: Sendable {
        let application: ApplicationCase
        let form: String
        let fingerprint: String?
    }

    static func load(_ code: String, in db: any SQLConnection) throws -> Stored? {
        guard let row = try db.queryOne("SELECT * FROM service_applications WHERE code = ?", [.text(code)]) else { return nil }
        let steps = try db.query("SELECT * FROM service_application_steps WHERE application = ? ORDER BY position", [.text(code)])
        return try stored(row, steps: steps)
    }

    static func byIdempotency(applicant: String, key: String, in db: any SQLConnection) throws -> Stored? {
        guard
            let row = try db.queryOne(
                "SELECT code FROM service_applications WHERE applicant = ? AND idempotency_key = ?", [.text(applicant), .text(key)])
        else { return nil }
        return try load(try row.string("code"), in: db)
    }

    static func stored(_ row: SQLRow, steps: [SQLRow]) throws -> Stored {
        func date(_ value: SQLValue) -> LocalDate? { value.string.flatMap { try? LocalDate(iso: $0) } }
        var supplement: ApplicationCase.SupplementRequest?
        if let text = row["supplement"].string,
            let o = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String],
            let step = o["step"], let reason = o["reason"], let on = o["requestedOn"].flatMap({ try? LocalDate(iso: $0) }), let by = o["requestedBy"]
        {
            supplement = .init(step: step, reason: reason, requestedOn: on, requestedBy: by)
        }
        let progress = try steps.map { s -> ApplicationCase.StepProgress in
            guard let desk = Procedure.Desk(rawValue: try s.string("desk")), let status = StepStatus(rawValue: try s.string("status")) else {
                throw StoreError.unexpectedValue(column: "desk")
            }
            return .init(
                id: try s.string("step"), desk: desk, status: status, openedOn: date(s["opened_on"]), due: date(s["due"]),
                decidedOn: date(s["decided_on"]), decidedBy: s["decided_by"].string, note: s["note"].string)
        }
        guard let status = ApplicationStatus(rawValue: try row.string("status")) else { throw StoreError.unexpectedValue(column: "status") }
        let application = ApplicationCase(
            code: try row.string("code"), procedure: try row.string("procedure_code"), applicant: try row.string("applicant"),
            subject: row["subject"].string, wardCode: try row.string("ward_code"), status: status, submittedAt: try row.int("submitted_at"),
            receivedOn: date(row["received_on"]), deadline: date(row["deadline"]), finishedOn: date(row["finished_on"]),
            workingDaysTaken: row["working_days"].int.map { Int($0) }, steps: progress,
            supplement: supplement, version: Int(try row.int("version")))
        return Stored(application: application, form: try row.string("form"), fingerprint: row["fingerprint"].string)
    }

    static func events(of code: String, in db: any SQLConnection) throws -> [ApplicationEvent] {
        try db.query("SELECT * FROM service_application_events WHERE application = ? ORDER BY seq", [.text(code)]).map { row in
            guard let kind = ApplicationEvent.Kind(rawValue: try row.string("kind")) else { throw StoreError.unexpectedValue(column: "kind") }
            return ApplicationEvent(kind: kind, step: row["step"].string, actor: try row.string("actor"), at: try row.int("at"), note: row["note"].string)
        }
    }

    /// The applicant's applications, newest first.
    static func codes(of applicant: String, before: Int64?, limit: Int, in db: any SQLConnection) throws -> [String] {
        try db.query(
            "SELECT code FROM service_applications WHERE applicant = ? AND submitted_at < ? ORDER BY submitted_at DESC, code DESC LIMIT ?",
            [.text(applicant), .int(before ?? Int64.max), .int(Int64(limit))]
        ).map { try $0.string("code") }
    }
}
