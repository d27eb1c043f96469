import DanCuCore
import DanCuStore

/// The card office's rows inside one transaction. It never leaves the transaction's closure.
struct CardTable {
    let db: any SQLConnection

    static let columns = "card_id, personal_number, seq, status, version, kind, reason, applied_at, issued_on, expires_on, document_signer"

    func load(_ cardId: String) throws -> IdentityCard? {
        guard let row = try db.queryOne("SELECT \(Self.columns) FROM cards WHERE card_id = ?", [.text(cardId)]) else { return nil }
        return try card(row, events: events(of: cardId))
    }

    func cards(of number: PersonalNumber) throws -> [IdentityCard] {
        try db.query("SELECT \(Self.columns) FROM cards WHERE personal_number = ? ORDER BY seq", [.text(number.rawValue)])
            .map { try card($0, events: events(of: try $0.string("card_id"))) }
    }

    func events(of cardId: String) throws -> [IdentityCard.Event] {
        try db.query("SELECT seq, event, status, officer, at, reason FROM card_events WHERE card_id = ? ORDER BY seq", [.text(cardId)])
            .map { row in
                IdentityCard.Event(
                    seq: Int(try row.int("seq")), event: try row.string("event"), status: try status(row),
                    officer: try row.string("officer"), at: try row.int("at"), reason: row["reason"].string)
            }
    }

    func insert(_ cardId: String, number: PersonalNumber, seq: Int, application: CardApplication, at: Int64) throws {
        try db.execute(
            """
            INSERT INTO cards (card_id, personal_number, seq, status, version, kind, reason, applied_at) VALUES (?,?,?,?,?,?,?,?)
            """,
            [
                .text(cardId), .text(number.rawValue), .int(Int64(seq)), .text(CardStatus.applied.rawValue), .int(1),
                .text(application.kind.rawValue), application.reason.map { .text($0.rawValue) } ?? .null, .int(at),
            ])
    }

    /// Moves the card to `status` at `version`, with its event.
    func advance(_ card: IdentityCard, to status: CardStatus, event: String, officer: String, reason: String?, at: Int64) throws {
        try db.execute(
            "UPDATE cards SET status = ?, version = ? WHERE card_id = ?",
            [.text(status.rawValue), .int(Int64(card.version + 1)), .text(card.cardId)])
        try appendEvent(card.cardId, seq: card.events.count + 1, event: event, status: status, officer: officer, reason: reason, at: at)
        if CardSchema.announcedStatuses.contains(status) {
            // In the change's own transaction: a follower never misses it, nor sees one that did not commit.
            try db.execute(
                "INSERT INTO card_outbox (card_id, personal_number, event, status, at) VALUES (?,?,?,?,?)",
                [.text(card.cardId), .text(card.personalNumber.rawValue), .text(event), .text(status.rawValue), .int(at)])
        }
    }

    func appendEvent(_ cardId: String, seq: Int, event: String, status: CardStatus, officer: String, reason: String?, at: Int64) throws {
        try db.execute(
            "INSERT INTO card_events (card_id, seq, event, status, officer, at, reason) VALUES (?,?,?,?,?,?,?)",
            [
                .text(cardId), .int(Int64(seq)), .text(event), .text(status.rawValue), .text(officer), .int(at),
                reason.map { .text($0) } ?? .null,
            ])
    }

    private func status(_ row: SQLRow) throws -> CardStatus {
        guard let s = CardStatus(rawValue: try row.string("status")) else { throw StoreError.unexpectedValue(column: "status") }
        return s
    }

    private func card(_ row: SQLRow, events: [IdentityCard.Event]) throws -> IdentityCard {
        guard let kind = CardApplication.Kind(rawValue: try row.string("kind")) else { throw StoreError.unexpectedValue(column: "kind") }
        func date(_ column: String) throws -> LocalDate? {
            guard let text = row[column].string else { return nil }
            do { return try LocalDate(iso: text) } catch { throw StoreError.unexpectedValue(column: column) }
        }
        return IdentityCard(
            cardId: try row.string("card_id"), personalNumber: try PersonalNumber(try row.string("personal_number")),
            status: try status(row), version: Int(try row.int("version")), kind: kind,
            reason: row["reason"].string.flatMap(CardApplication.Reason.init(rawValue:)), appliedAt: try row.int("applied_at"),
            issuedOn: try date("issued_on"), expiresOn: try date("expires_on"), documentSigner: row["document_signer"].string,
            events: events)
    }
}
