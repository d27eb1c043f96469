public import DanCuAccess
import DanCuCard
public import DanCuCore
import DanCuRegister
public import DanCuStore
import DanCuTransparency
import Foundation

/// Fans the register's announced life events, and the card office's announced cards lost, stolen or
/// revoked, out to the subscriptions that follow them. Each feed has its own position in
/// `exchange_dispatch`. For a batch it reads the people once (as the system) to decide which
/// subscriptions each event concerns (kind, province or watch list, made before the event), judges
/// each member's grant once, reads the people again in the member's name (each allowed or refused by
/// their area, each logged), and writes one delivery per subscription and event with only the granted
/// fields, in the same transaction as the feed's new position: a crash redoes a batch, never loses or
/// doubles one (deliveries are unique per subscription and event; a card's event is kept under its
/// position negated, so the two feeds never share an id).
public struct EventDispatcher: Sendable {
    let gateway: ExchangeGateway
    let subscriptions: SubscriptionRegistry
    let store: any Store

    static let positionName = "events"
    static let cardPositionName = "cards"

    /// One event of either feed, as a delivery needs it.
    struct Announcement {
        /// The register outbox's id, or a card announcement's position negated.
        let id: Int64
        let number: PersonalNumber
        let kind: EventKind
        let recordedAt: Int64
        /// The person's event number (register events only): the payload is the person as of it.
        let seq: Int?
        /// What the payload says of the event besides the person.
        let described: [(key: String, value: CanonicalJSON)]
    }

    /// Dispatches one batch of each feed; returns how many announcements it read (0 when caught up).
    @discardableResult
    public func run(batch: Int = 500) async throws -> Int {
        try await followRegister(batch: batch) + followCards(batch: batch)
    }

    func followRegister(batch: Int) async throws -> Int {
        let system = AccessRequest(officer: .system("exchange-dispatch"), purpose: .publicService, requestId: "dispatch-events")
        guard let position = try await position(Self.positionName, start: { try await gateway.gate.latestAnnouncement(for: system) }) else { return 0 }
        let events = try await gateway.gate.announcedEvents(after: position, limit: batch, for: system)
        guard let last = events.last?.position else { return 0 }
        let announcements = events.compactMap { event -> Announcement? in
            guard let kind = EventKind.of(registerKind: event.kind), let number = try? PersonalNumber(event.personalNumber) else { return nil }
            return Announcement(
                id: event.position, number: number, kind: kind, recordedAt: event.recordedAt, seq: event.seq,
                described: [("event", .string(event.kind)), ("seq", .int(Int64(event.seq)))])
        }
        try await dispatch(announcements, feed: Self.positionName, from: position, to: last, system: system)
        return events.count
    }

    func followCards(batch: Int) async throws -> Int {
        guard let cards = gateway.cards else { return 0 }
        let system = AccessRequest(officer: .system("exchange-dispatch"), purpose: .publicService, requestId: "dispatch-cards")
        guard let position = try await position(Self.cardPositionName, start: { try await cards.latestAnnouncement(request: system) }) else { return 0 }
        let events = try await cards.announcedEvents(after: position, limit: batch, request: system)
        guard let last = events.last?.position else { return 0 }
        let announcements = events.compactMap { event -> Announcement? in
            guard let kind = EventKind.of(cardStatus: event.status.rawValue), let number = try? PersonalNumber(event.personalNumber) else { return nil }
            return Announcement(
                id: -event.position, number: number, kind: kind, recordedAt: event.at, seq: nil,
                described: [("event", .string(event.event)), ("card", .object(["status": .string(event.status.rawValue)]))])
        }
        try await dispatch(announcements, feed: Self.cardPositionName, from: position, to: last, system: system)
        return events.count
    }

    /// The feed's position; nil on its first run, which starts it from now (subscriptions follow what
    /// happens after them).
    func position(_ feed: String, start: () async throws -> Int64) async throws -> Int64? {
        let position = try await store.readOne { db in
            try db.queryOne("SELECT position FROM exchange_dispatch WHERE name = ?", [.text(feed)])?["position"].int
        }
        guard position == nil else { return position }
        let now = try await start()
        try await store.write { db in
            try db.execute("INSERT INTO exchange_dispatch (name, position) VALUES (?, ?) ON CONFLICT DO NOTHING", [.text(feed), .int(now)])
        }
        return nil
    }

    /// Writes the deliveries `announcements` make, with the feed's new position `last`, in one transaction.
    func dispatch(_ announcements: [Announcement], feed: String, from position: Int64, to last: Int64, system: AccessRequest) async throws {
        let live = try await store.read { db in try subscriptions.live(in: db) }
        var rows: [[SQLValue]] = []
        let relevant = announcements.filter { a in live.contains { $0.kinds.contains(a.kind) && a.recordedAt >= $0.createdAt } }
        let watched = try await watchers(of: Set(relevant.map(\.number.rawValue)), among: live.filter(\.watchList).map(\.id))
        // Who is where, read once for the batch as the system, to tell which subscriptions each event concerns.
        let people = try await gateway.gate.readMany(
            relevant.map(\.number), for: system, need: { AccessPolicy.Need.personalData($0) }, action: "read", fields: ["record"])
        let units = gateway.grants.units
        let now = gateway.clock.nowMicros()
        for subscription in live {
            let followed = relevant.filter { a in
                guard subscription.kinds.contains(a.kind), a.recordedAt >= subscription.createdAt else { return false }
                if subscription.watchList { return watched[a.number.rawValue, default: []].contains(subscription.id) }
                guard case .person(let person, _) = people[a.number.rawValue], let province = subscription.provinceCode else { return false }
                return Area(of: person, units: units).provinces.contains(province)
            }
            guard let first = followed.first else { continue }
            let caller = MemberCaller(
                subsystem: subscription.subsystem, kind: .ministry, name: subscription.subsystem.identifier, keyId: "",
                requestId: "\(feed)-\(first.id)-\(subscription.id)", purpose: subscription.purpose.rawValue,
                legalBasis: subscription.legalBasis, consent: nil)
            // The member's grant judged once for the batch, each person by their area, each read logged in its
            // name (a refusal too, and nothing delivered for it); the payload is what this read returned.
            let judged = try await gateway.judge(caller, service: .events, fields: subscription.fields, subject: nil)
            let granted = try await gateway.gate.readMany(
                followed.map(\.number), for: judged.request, need: judged.need, action: "x-event", fields: subscription.fields)
            for a in followed {
                guard case .person(let current, let version) = granted[a.number.rawValue] else { continue }
                // The payload is the person as of the event: the current record when the event is the person's
                // last, else the record as the register knew it when the event was recorded.
                var person = current
                if let seq = a.seq, version != seq {
                    guard
                        let then = try await gateway.gate.person(
                            a.number, validOn: LocalDate(dayNumber: Int.max / 2), recordedBy: a.recordedAt, for: system)
                    else { continue }
                    person = then
                }
                let payload = try Self.payload(a, person: person, fields: subscription.fields, at: now)
                rows.append([
                    .int(subscription.id), .int(a.id), .text(a.number.rawValue), .text(a.kind.rawValue), .text(payload), .int(now), .int(now),
                ])
            }
        }
        let deliveries = rows
        try await store.write { db in
            for row in deliveries {
                try db.execute(
                    """
                    INSERT INTO exchange_deliveries (subscription_id, outbox_id, personal_number, kind, payload, created_at, next_attempt_at)
                    VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING
                    """, row)
            }
            try db.execute("UPDATE exchange_dispatch SET position = ? WHERE name = ? AND position = ?", [.int(last), .text(feed), .int(position)])
        }
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

    /// What a delivery carries: the event and the person's granted fields as of it, keys sorted, written
    /// directly (the person's members cut from the register's encoding, `RecordProjection`).
    static func payload(_ a: Announcement, person: Person, fields: [String], at now: Int64) throws -> String {
        guard let projected = RecordProjection.project(person, to: fields) else { throw StoreError.backend("a record did not encode") }
        var data: [(key: String, json: [UInt8])] = a.described.map { ($0.key, $0.value.bytes) }
        data.append(("personalNumber", CanonicalJSON.string(a.number.rawValue).bytes))
        data.append(("recordedAt", CanonicalJSON.string(UTCInstant.text(micros: a.recordedAt)).bytes))
        data.append(("person", Array(projected.utf8)))
        var out = Array(#"{"data":{"#.utf8)
        for (i, member) in data.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += CanonicalJSON.string(member.key).bytes
            out.append(UInt8(ascii: ":"))
            out += member.json
        }
        out += #"},"timestamp":"#.utf8
        out += CanonicalJSON.string(UTCInstant.text(micros: now)).bytes
        out += #","type":"#.utf8
        out += CanonicalJSON.string("person.\(a.kind.rawValue)").bytes
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
