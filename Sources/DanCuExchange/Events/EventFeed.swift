public import DanCuStore
import Foundation

/// The pull feed of a member that cannot receive pushes: the deliveries of its subsystem's subscriptions
/// without an endpoint, after a cursor the member keeps. Each event is the same payload a push carries.
public struct EventFeed: Sendable {
    let store: any Store

    public struct Page: Sendable {
        public let events: [(id: String, position: Int64, payload: String)]
        /// Where the next page starts: the last position served, or the cursor given when none was.
        public let next: Int64
    }

    public func page(for caller: MemberCaller, after cursor: Int64, limit: Int) async throws -> Page {
        let rows = try await store.read { db in
            try db.query(
                """
                SELECT d.id, d.payload FROM exchange_deliveries d JOIN exchange_subscriptions s ON s.id = d.subscription_id
                WHERE s.member = ? AND s.subsystem = ? AND s.endpoint IS NULL AND d.id > ? AND d.dead_at IS NULL ORDER BY d.id LIMIT ?
                """,
                [.text(caller.subsystem.member), .text(caller.subsystem.code), .int(cursor), .int(Int64(limit))]
            ).map { (id: try $0.int("id"), payload: try $0.string("payload")) }
        }
        return Page(events: rows.map { (WebhookDeliverer.webhookId($0.id), $0.id, $0.payload) }, next: rows.last?.id ?? cursor)
    }
}
