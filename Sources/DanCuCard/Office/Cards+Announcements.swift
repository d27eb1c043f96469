public import DanCuAccess
public import DanCuCore
import DanCuStore

/// A card lost, stolen or revoked, as the card office announces it to the system's followers (the
/// exchange's subscriptions), in the order the changes committed.
public struct AnnouncedCardEvent: Sendable, Equatable {
    public let position: Int64
    public let personalNumber: String
    public let cardId: String
    /// The card event's name (`report-lost`, `revoke`, …).
    public let event: String
    public let status: CardStatus
    public let at: Int64
}

extension Cards {
    static let announcementsNeed = AccessPolicy.Need([
        RoleAmong([.system], else: "only the system follows the card office's announcements"),
        PurposeAmong([.publicService], else: "following the card office's announcements needs the purpose 'public-service'"),
    ])

    /// The announcements after `position`, oldest first; the batch is logged for each holder in it.
    public func announcedEvents(after position: Int64, limit: Int, request: AccessRequest) async throws -> [AnnouncedCardEvent] {
        let grant = try await gate.grant(request, Self.announcementsNeed, subject: nil, action: "follow-card-events", fields: Self.cardFields)
        let page = try await office.store.readOne { db in
            try db.query(
                "SELECT id, card_id, personal_number, event, status, at FROM card_outbox WHERE id > ? ORDER BY id LIMIT ?",
                [.int(position), .int(Int64(limit))]
            ).map { row in
                guard let status = CardStatus(rawValue: try row.string("status")) else { throw StoreError.unexpectedValue(column: "status") }
                return AnnouncedCardEvent(
                    position: try row.int("id"), personalNumber: try row.string("personal_number"), cardId: try row.string("card_id"),
                    event: try row.string("event"), status: status, at: try row.int("at"))
            }
        }
        try await grant.logAccess(of: Array(Set(page.map(\.personalNumber))).sorted())
        return page
    }

    /// Where the announcements stand now: a new follower starts there. No one's data.
    public func latestAnnouncement(request: AccessRequest) async throws -> Int64 {
        _ = try await gate.grant(request, Self.announcementsNeed, subject: nil, action: "follow-card-events", fields: [])
        return try await office.store.readOne { db in try db.queryOne("SELECT MAX(id) AS id FROM card_outbox")?["id"].int ?? 0 }
    }
}
