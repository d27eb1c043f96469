import DanCuStore

/// New applications, stored together: submissions that arrive while a transaction commits share the
/// next one (`GroupCommit`), each inside a savepoint of its own, so that one application's failure (a
/// repeated Idempotency-Key, a taken code) leaves the others stored. A birth registered online costs
/// two transactions of the register's one writer, the submission and the approval; sharing the first
/// is what lets submissions keep pace with approvals.
struct ApplicationInserts: Sendable {
    struct Insert: Sendable {
        let change: Workflow.Change
        let form: String
        let province: String
        let idempotencyKey: String?
        let fingerprint: String
        /// What the application's files are (their content is stored already, `AttachmentFiles`).
        let attachments: [KeptAttachment]
    }

    enum Outcome: Sendable {
        case stored
        /// The insert failed and was rolled back to its savepoint; the text says why.
        case refused(String)
    }

    let commit: GroupCommit<Insert, Outcome>

    init(store: any Store) {
        commit = GroupCommit(store: store) { items, db in
            try items.enumerated().map { i, item in
                let savepoint = "service_application_\(i)"
                try db.execute("SAVEPOINT \(savepoint)")
                do {
                    try ApplicationTable.insert(
                        item.change, form: item.form, provinceCode: item.province,
                        idempotency: item.idempotencyKey.map { ($0, item.fingerprint) }, in: db)
                    for kept in item.attachments { try AttachmentTable.put(kept, of: item.change.application.code, in: db) }
                    try db.execute("RELEASE SAVEPOINT \(savepoint)")
                    return .stored
                } catch {
                    try db.execute("ROLLBACK TO SAVEPOINT \(savepoint)")
                    try db.execute("RELEASE SAVEPOINT \(savepoint)")
                    return .refused(String(describing: error))
                }
            }
        }
    }

    func store(_ insert: Insert) async throws -> Outcome { try await commit.submit(insert) }
}
