import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore

/// Writes, inside a register change's own transaction, one access-log entry per person it changed (into
/// the outbox the relay empties into the log) and the idempotency record of the request. A change and
/// its log entry commit together or not at all.
struct AccessWitness: RegisterWitness {
    let request: AccessRequest
    let action: String
    let fields: [String]
    let idempotency: Idempotency?
    var clock: CivilClock = .system
    var legalBasis: String?

    func didWrite(_ write: RegisterWrite, in db: any SQLConnection) throws {
        let now = clock.nowMicros()
        var seen = Set<PersonalNumber>()
        let entries = write.people.filter { seen.insert($0).inserted }.map { number in
            AccessLogEntry(
                at: now, requestId: request.requestId, actor: request.officer.username,
                role: request.officer.role.rawValue, subject: number.rawValue, action: action, fields: fields,
                purpose: request.purpose?.rawValue, decision: .allowed, legalBasis: legalBasis)
        }
        try AccessLogTable.append(entries, in: db, table: "access_log_outbox")
        if let idempotency, let created = write.created {
            try db.execute(
                """
                INSERT INTO idempotency_keys (actor, idempotency_key, fingerprint, created, at) VALUES (?,?,?,?,?)
                """, [.text(request.officer.username), .text(idempotency.key), .text(idempotency.fingerprint), .text(created), .int(now)])
        }
    }
}
