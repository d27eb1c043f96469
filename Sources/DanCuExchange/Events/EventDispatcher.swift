public import DanCuAccess
public import DanCuCore
import DanCuRegister
public import DanCuStore
import Foundation

/// Fans the register's announced life events out to the subscriptions that follow them. For each
/// event it reads the person once (as the system), decides which subscriptions it concerns (kind,
/// province or watch list, made before the event), asks the gate for each member's grant (a revoked
/// grant or an expired law stops it, logged), and writes one delivery per subscription with only the
/// granted fields, in the same transaction as the dispatcher's new position: a crash redoes a batch,
/// never loses or doubles one (deliveries are unique per subscription and event).
public struct EventDispatcher: Sendable {
    let gateway: ExchangeGateway
    let subscriptions: SubscriptionRegistry
    let store: any Store

    static let positionName = "events"

    /// Dispatches one batch; returns how many announced events it read (0 when caught up).
    @discardableResult
    public func run(batch: Int = 500) async throws -> Int {
        let position = try await store.readOne { db in
            try db.queryOne("SELECT position FROM exchange_dispatch WHERE name = ?", [.text(Self.positionName)])?["position"].int
        }
        let system = AccessRequest(officer: .system("exchange-dispatch"), purpose: .publicService, requestId: "dispatch-\(position ?? 0)")
        guard let position else {
            // The first run starts from now: subscriptions follow what happens after them.
            let now = try await gateway.gate.latestAnnouncement(for: system)
            try await store.write { db in
                try db.execute("INSERT INTO exchange_dispatch (name, position) VALUES (?, ?) ON CONFLICT DO NOTHING", [.text(Self.positionName), .int(now)])
            }
            return 0
        }
        let events = try await gateway.gate.announcedEvents(after: position, limit: batch, for: system)
        guard let last = events.last?.position else { return 0 }
        let live = try await store.read { db in try subscriptions.live(in: db) }
        var rows: [[SQLValue]] = []
        let relevant = events.compactMap { event -> (AnnouncedEvent, EventKind, PersonalNumber)? in
            guard let kind = EventKind.of(registerKind: event.kind), let number = try? PersonalNumber(event.personalNumber),
                live.contains(where: { $0.kinds.contains(kind) && event.recordedAt >= $0.createdAt })
            else { return nil }
            return (event, kind, number)
        }
        let watched = try await watchers(of: Set(relevant.map(\.0.personalNumber)), among: live.filter(\.watchList).map(\.id))
        // Who is where, read once for the batch as the system, to tell which subscriptions each event concerns.
        let people = try await gateway.gate.readMany(
            relevant.map(\.2), for: system, need: { AccessPolicy.Need.personalData($0) }, action: "read", fields: ["record"])
        let units = gateway.grants.units
        let now = gateway.clock.nowMicros()
        for subscription in live {
            let followed = relevant.filter { event, kind, number in
                guard subscription.kinds.contains(kind), event.recordedAt >= subscription.createdAt else { return false }
                if subscription.watchList { return watched[event.personalNumber, default: []].contains(subscription.id) }
                guard case .person(let person, _) = people[number.rawValue], let province = subscription.provinceCode else { return false }
                return Area(of: person, units: units).provinces.contains(province)
            }
            guard !followed.isEmpty else { continue }
            let caller = MemberCaller(
                subsystem: subscription.subsystem, kind: .ministry, name: subscription.subsystem.identifier, keyId: "",
                requestId: "event-\(followed[0].0.position)-\(subscription.id)", purpose: subscription.purpose.rawValue,
                legalBasis: subscription.legalBasis, consent: nil)
            // The member's grant judged once for the batch, each person by their area, each read logged in its
            // name (a refusal too, and nothing delivered for it); the payload is what this read returned.
            let judged = try await gateway.judge(caller, service: .events, fields: subscription.fields, subject: nil)
            let granted = try await gateway.gate.readMany(
                followed.map(\.2), for: judged.request, need: judged.need, action: "x-event", fields: subscription.fields)
            for (event, kind, number) in followed {
                guard case .person(let current, let version) = granted[number.rawValue] else { continue }
                // The payload is the person as of the event: the current record when the event is the person's
                // last, else the record as the register knew it when the event was recorded.
                var person = current
                if version != event.seq {
                    guard
                        let then = try await gateway.gate.person(
                            number, validOn: LocalDate(dayNumber: Int.max / 2), recordedBy: event.recordedAt, for: system)
                    else { continue }
                    person = then
                }
                let payload = try Self.payload(event: event, kind: kind, person: person, fields: subscription.fields, at: now)
                rows.append([
                    .int(subscription.id), .int(event.position), .text(event.personalNumber), .text(kind.rawValue), .text(payload), .int(now), .int(now),
                ])
            }
        }
        let deliveries = rows
        try await store.write { db in
            if !deliveries.isEmpty {
                for row in deliveries {
                    try db.execute(
                        """
                        INSERT INTO exchange_deliveries (subscription_id, outbox_id, personal_number, kind, payload, created_at, next_attempt_at)
                        VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING
                        """, row)
                }
            }
            try db.execute("UPDATE exchange_dispatch SET position = ? WHERE name = ? AND position = ?", [.int(last), .text(Self.positionName), .int(position)])
        }
        return events.count
    }

    /// Which watch-list subscriptions follow each of `numbers`.
    func watchers(of numbers: Set<String>, among ids: [Int64]) async throws -> [String: Set<Int64>] {
        guard !numbers.isEmpty, !ids.isEmpty else { return [:] }
        let list = Array(numbers)
        return try await store.read { db in
            var out: [String: Set<Int64>] = [:]
            for chunk in stride(from: 0, to: list.count, by: 500).map({ Array(list[$0..<min($0 + 500, list.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try db.query(
                    "SELECT subscription_id, personal_number FROM exchange_watch WHERE personal_number IN (\(marks))", chunk.map { .text($0) })
                {
                    if let id = row["subscription_id"].int, let number = row["personal_number"].string, ids.contains(id) { out[number, default: []].insert(id) }
                }
            }
            return out
        }
    }

    /// What a delivery carries: the event and the person's granted fields as they are now.
    static func payload(event: AnnouncedEvent, kind: EventKind, person: Person, fields: [String], at now: Int64) throws -> String {
        guard let whole = try JSONSerialization.jsonObject(with: Data(PersonCodec.encode(person).utf8)) as? [String: Any] else {
            throw StoreError.backend("a record did not encode")
        }
        let object: [String: Any] = [
            "type": "person.\(kind.rawValue)",
            "timestamp": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(now) / 1_000_000)),
            "data": [
                "personalNumber": event.personalNumber, "event": event.kind, "seq": event.seq,
                "recordedAt": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(event.recordedAt) / 1_000_000)),
                "person": whole.filter { fields.contains($0.key) },
            ],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
