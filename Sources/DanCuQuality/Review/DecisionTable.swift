import DanCuCore
import DanCuRegister
import DanCuStore

/// The pairs' decisions as stored: the pair's row closed, and an append-only line in
/// `quality_duplicate_decisions`. A match and its undoing are written inside the register's transaction
/// (the recorders are its followers), so a merge and its decision never part.
enum DecisionTable {
    /// Closes an open pair; throws `alreadyDecided` when it is no longer open.
    static func close(
        _ first: String, _ second: String, status: String, survivor: String?, officer: String, reason: String, at: Int64,
        probability: Double?, in db: any SQLConnection
    ) throws {
        let closed = try db.query(
            """
            UPDATE quality_duplicate_pairs SET status = ?, survivor = ?, decided_by = ?, decided_at = ?
            WHERE person_a = ? AND person_b = ? AND status = 'open' RETURNING person_a
            """, [.text(status), SQLValue(survivor), .text(officer), .int(at), .text(first), .text(second)])
        guard !closed.isEmpty else { throw QualityError.alreadyDecided }
        try append(first, second, decision: status, survivor: survivor, officer: officer, reason: reason, at: at, probability: probability, in: db)
    }

    static func append(
        _ first: String, _ second: String, decision: String, survivor: String?, officer: String, reason: String, at: Int64,
        probability: Double?, in db: any SQLConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO quality_duplicate_decisions (person_a, person_b, decided_at, decision, survivor, officer, reason, probability)
            VALUES (?,?,?,?,?,?,?,?)
            """,
            [
                .text(first), .text(second), .int(at), .text(decision), SQLValue(survivor), .text(officer), .text(reason),
                probability.map { .double($0) } ?? .null,
            ])
    }

    /// The pairs officers decided were one person (and did not undo), survivor first: what the model
    /// learns m from.
    static func matches(in db: any SQLConnection) throws -> [(survivor: String, duplicate: String)] {
        try db.query("SELECT person_a, person_b, survivor FROM quality_duplicate_pairs WHERE status = 'match' ORDER BY person_a, person_b").map {
            let a = try $0.string("person_a")
            let b = try $0.string("person_b")
            let survivor = try $0.string("survivor")
            return (survivor, survivor == a ? b : a)
        }
    }

    /// Writes a match in the merge's transaction; other open pairs of the cancelled record are closed
    /// as superseded (their person lives on in the survivor's record, which a later scan compares).
    struct MatchRecorder: RegisterFollower {
        let first: String
        let second: String
        let survivor: String
        let officer: String
        let reason: String
        let at: Int64
        let probability: Double

        func follow(_ write: RegisterWrite, in db: any SQLConnection) throws {
            try close(first, second, status: "match", survivor: survivor, officer: officer, reason: reason, at: at, probability: probability, in: db)
            let duplicate = survivor == first ? second : first
            try db.execute(
                """
                UPDATE quality_duplicate_pairs SET status = 'superseded', decided_by = ?, decided_at = ?
                WHERE status = 'open' AND (person_a = ? OR person_b = ?)
                """, [.text(officer), .int(at), .text(duplicate), .text(duplicate)])
        }
    }

    /// Writes the undoing of a merge in its transaction: the pair (if the queue made the merge) is
    /// closed as not a match, so the scan does not raise it again and m forgets it; the pairs the merge
    /// superseded are dropped, for the next scan to judge again.
    struct UndoRecorder: RegisterFollower {
        let duplicate: String
        let officer: String
        let reason: String
        let at: Int64

        func follow(_ write: RegisterWrite, in db: any SQLConnection) throws {
            var survivor: String?
            for event in write.events where event.personalNumber.rawValue == duplicate {
                if case .mergeUndone(let other) = event.change { survivor = other.rawValue }
            }
            guard let survivor else { return }
            let (first, second) = duplicate < survivor ? (duplicate, survivor) : (survivor, duplicate)
            try db.execute(
                """
                UPDATE quality_duplicate_pairs SET status = 'not-match', survivor = NULL, decided_by = ?, decided_at = ?
                WHERE person_a = ? AND person_b = ? AND status = 'match'
                """, [.text(officer), .int(at), .text(first), .text(second)])
            try db.execute(
                "DELETE FROM quality_duplicate_pairs WHERE status = 'superseded' AND (person_a = ? OR person_b = ?)", [.text(duplicate), .text(duplicate)])
            try append(first, second, decision: "undo-merge", survivor: nil, officer: officer, reason: reason, at: at, probability: nil, in: db)
        }
    }
}
