public import DanCuCore
public import DanCuStore
import Foundation

/// Pushes pending deliveries to members' endpoints: at least once, in order per person (a person's
/// next event waits until the one before it was delivered or given up), retried with doubling waits
/// for three days, then dead-lettered until an administrator replays it. The same delivery always
/// carries the same `webhook-id`, so a member drops the duplicates that at-least-once allows.
public struct WebhookDeliverer: Sendable {
    let gateway: ExchangeGateway
    let subscriptions: SubscriptionRegistry
    let store: any Store

    /// How long a delivery is retried before it is dead-lettered.
    public static let giveUpAfterMicros: Int64 = 3 * 86_400 * 1_000_000
    /// The wait after the first failure; it doubles with each, to at most `longestWait`.
    public static let firstWaitMicros: Int64 = 2_000_000
    public static let longestWaitMicros: Int64 = 3_600 * 1_000_000
    /// How many deliveries are in flight at once.
    public static let concurrency = 32

    struct Due: Sendable {
        let id: Int64, subscriptionId: Int64, endpoint: String, scheme: Subscription.Scheme, payload: String, attempts: Int, createdAt: Int64
    }

    /// Sends one batch of due deliveries; returns how many it attempted (0 when none is due).
    @discardableResult
    public func run(transport: any WebhookTransport, limit: Int = 256) async throws -> Int {
        let now = gateway.clock.nowMicros()
        let due = try await store.read { db in
            try db.query(
                """
                SELECT d.id, d.subscription_id, d.payload, d.attempts, d.created_at, s.endpoint, s.scheme FROM exchange_deliveries d
                JOIN exchange_subscriptions s ON s.id = d.subscription_id
                WHERE d.delivered_at IS NULL AND d.dead_at IS NULL AND d.next_attempt_at <= ? AND s.endpoint IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM exchange_deliveries e WHERE e.subscription_id = d.subscription_id
                    AND e.personal_number = d.personal_number AND e.id < d.id AND e.delivered_at IS NULL AND e.dead_at IS NULL)
                ORDER BY d.id LIMIT ?
                """, [.int(now), .int(Int64(limit))]
            ).map { row in
                Due(
                    id: try row.int("id"), subscriptionId: try row.int("subscription_id"), endpoint: try row.string("endpoint"),
                    scheme: Subscription.Scheme(rawValue: try row.string("scheme")) ?? .v1a, payload: try row.string("payload"),
                    attempts: Int(try row.int("attempts")), createdAt: try row.int("created_at"))
            }
        }
        guard !due.isEmpty else { return 0 }
        let secrets = try await store.read { db in
            var out: [Int64: [UInt8]] = [:]
            for id in Set(due.filter { $0.scheme == .v1 }.map(\.subscriptionId)) { out[id] = try subscriptions.secret(of: id, in: db) }
            return out
        }
        let key = try await gateway.currentSigner()
        let outcomes = try await withThrowingTaskGroup(of: (Due, Int?, String?).self) { group in
            var results: [(Due, Int?, String?)] = []
            var iterator = due.makeIterator()
            func add(_ delivery: Due) {
                group.addTask {
                    do {
                        let body = Array(delivery.payload.utf8)
                        let id = Self.webhookId(delivery.id)
                        let timestamp = Int(gateway.clock.nowMicros() / 1_000_000)
                        let signature: String
                        switch delivery.scheme {
                        case .v1:
                            signature = StandardWebhooks.v1(id: id, timestamp: timestamp, body: body, secret: secrets[delivery.subscriptionId] ?? [])
                        case .v1a:
                            guard case .ed25519(let privateKey) = key.key else { return (delivery, nil, "no Ed25519 exchange key") }
                            signature = try StandardWebhooks.v1a(id: id, timestamp: timestamp, body: body, key: privateKey)
                        }
                        let status = try await transport.post(
                            delivery.endpoint, headers: StandardWebhooks.headers(id: id, timestamp: timestamp, signature: signature), body: body)
                        return (delivery, status, nil)
                    } catch {
                        return (delivery, nil, String(describing: type(of: error)))
                    }
                }
            }
            for _ in 0..<Self.concurrency { if let next = iterator.next() { add(next) } }
            while let result = try await group.next() {
                results.append(result)
                if let next = iterator.next() { add(next) }
            }
            return results
        }
        let finished = gateway.clock.nowMicros()
        try await store.write { db in
            for (delivery, status, error) in outcomes {
                if let status, (200..<300).contains(status) {
                    try db.execute(
                        "UPDATE exchange_deliveries SET delivered_at = ?, attempts = attempts + 1, last_status = ? WHERE id = ?",
                        [.int(finished), .int(Int64(status)), .int(delivery.id)])
                    continue
                }
                let attempts = delivery.attempts + 1
                let wait = min(Self.firstWaitMicros << min(attempts - 1, 30), Self.longestWaitMicros)
                let dead = finished - delivery.createdAt >= Self.giveUpAfterMicros
                try db.execute(
                    "UPDATE exchange_deliveries SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, dead_at = ? WHERE id = ?",
                    [
                        .int(Int64(attempts)), .int(finished + wait), SQLValue(status.map(Int64.init)), SQLValue(error),
                        dead ? .int(finished) : .null, .int(delivery.id),
                    ])
            }
        }
        return due.count
    }

    /// A delivery's `webhook-id`: the same on every attempt.
    public static func webhookId(_ deliveryId: Int64) -> String { "msg_dancu_\(deliveryId)" }

    /// Puts dead-lettered deliveries of a subscription (all when nil) back in the queue; returns how many.
    @discardableResult
    public func replayDead(subscription: Int64? = nil) async throws -> Int {
        let now = gateway.clock.nowMicros()
        return try await store.write { db in
            let filter = subscription.map { " AND subscription_id = \($0)" } ?? ""
            let count =
                try db.queryOne("SELECT COUNT(*) AS n FROM exchange_deliveries WHERE dead_at IS NOT NULL AND delivered_at IS NULL\(filter)")?["n"].int ?? 0
            try db.execute(
                "UPDATE exchange_deliveries SET dead_at = NULL, attempts = 0, created_at = ?, next_attempt_at = ? WHERE dead_at IS NOT NULL AND delivered_at IS NULL\(filter)",
                [.int(now), .int(now)])
            return Int(count)
        }
    }

    /// Deliveries not yet made, for monitoring.
    public func backlog() async throws -> (pending: Int, dead: Int) {
        try await store.readOne { db in
            let row = try db.queryOne(
                """
                SELECT SUM(CASE WHEN dead_at IS NULL THEN 1 ELSE 0 END) AS pending, SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END) AS dead
                FROM exchange_deliveries WHERE delivered_at IS NULL
                """)
            return (Int(row?["pending"].int ?? 0), Int(row?["dead"].int ?? 0))
        }
    }
}
