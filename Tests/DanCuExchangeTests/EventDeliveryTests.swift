import Crypto
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Synchronization
import Testing

/// A receiver in memory: answers `failFirst` errors before it says yes (to deliveries whose body holds
/// `matching`, when given: deliveries go out concurrently, so "the first call" is not one person's), and
/// keeps what it was sent.
final class Receiver: WebhookTransport {
    struct Received: Sendable {
        let url: String
        let headers: [String: String]
        let body: [UInt8]
    }
    let failFirst: Int
    let matching: String?
    private let state = Mutex<(calls: Int, failed: Int, received: [Received])>((0, 0, []))
    init(failFirst: Int = 0, matching: String? = nil) {
        self.failFirst = failFirst
        self.matching = matching
    }

    func post(_ url: String, headers: [(name: String, value: String)], body: [UInt8]) async throws -> Int {
        let concerned = matching.map { String(decoding: body, as: UTF8.self).contains($0) } ?? true
        return state.withLock { state in
            state.calls += 1
            if concerned && state.failed < failFirst {
                state.failed += 1
                return 500
            }
            state.received.append(Received(url: url, headers: Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }), body: body))
            return 204
        }
    }

    var calls: Int { state.withLock { $0.calls } }
    var received: [Received] { state.withLock { $0.received } }
}

/// Life events from the register to members: fanned out by kind and scope with the granted fields only,
/// pushed signed per Standard Webhooks, retried after a failure with the same id, in order per person.
@Suite struct EventDeliveryTests {
    static func setUp(_ fixture: GateFixture, _ gateway: ExchangeGateway) async throws -> ExchangeMember {
        let member = try await ExchangeMember.register(gateway)
        try await gateway.grants.grant(
            member.subsystem, service: .events, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis, by: "admin")
        return member
    }

    static func death(_ fixture: GateFixture, _ key: String) async throws {
        _ = try await fixture.gate.record(
            .deathRecorded(date: try PartialDate(iso: "2026-11-30")), for: try fixture.number(key), validFrom: try LocalDate(iso: "2026-11-30"),
            reason: nil, expectedVersion: 1, request: try fixture.request("central", .civilStatus))
    }

    @Test(arguments: Backend.all) func aDeathReachesTheSubscriberSignedOnceDeliveredWithTheGrantedFieldsOnly(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await Self.setUp(fixture, gateway)
            try await gateway.dispatcher.run()  // the first run starts from now
            let a1 = try fixture.number("a1")
            let c1 = try fixture.number("c1")
            let caller = member.caller(purpose: "social-insurance")
            let watching = try await gateway.subscriptions.subscribe(
                .init(kinds: ["death"], watch: [a1.rawValue], endpoint: "https://bhxh.example/hooks", fields: ["name", "vitalStatus"]), for: caller)
            let hanoi = try await gateway.subscriptions.subscribe(
                .init(kinds: ["death", "marriage"], provinceCode: "01", endpoint: "https://bhxh.example/hanoi", scheme: "v1", fields: ["name"]), for: caller)
            #expect(watching.secret == nil && hanoi.secret?.hasPrefix("whsec_") == true)
            // Not granted: a field beyond the events grant.
            await #expect(throws: AccessError.self) {
                try await gateway.subscriptions.subscribe(.init(kinds: ["death"], provinceCode: "01", fields: ["phone"]), for: caller)
            }

            try await Self.death(fixture, "a1")  // Hà Nội, on the watch list
            try await Self.death(fixture, "c1")  // Hồ Chí Minh City: followed by neither
            #expect(try await gateway.dispatcher.run() > 0)
            let receiver = Receiver(failFirst: 1)
            let started = gateway.clock.nowMicros()
            #expect(try await gateway.deliverer.run(transport: receiver) == 2)
            let ended = gateway.clock.nowMicros()
            #expect(receiver.received.count == 1)  // the first attempt failed
            let backlog = try await gateway.deliverer.backlog()
            #expect(backlog.pending == 1 && backlog.dead == 0)
            // The failed one waits the first wait from when the run ended; the clock is the machine's, so
            // the wait is read from the row and the delivery is then made not yet due, not raced.
            let failed = try #require(
                try await fixture.register.store.read { db in
                    try db.queryOne("SELECT attempts, last_status, next_attempt_at FROM exchange_deliveries WHERE delivered_at IS NULL")
                })
            #expect(try failed.int("attempts") == 1 && failed.int("last_status") == 500)
            let due = try failed.int("next_attempt_at")
            #expect(due >= started + WebhookDeliverer.firstWaitMicros && due <= ended + WebhookDeliverer.firstWaitMicros)
            try await fixture.register.store.write { db in
                try db.execute(
                    "UPDATE exchange_deliveries SET next_attempt_at = ? WHERE delivered_at IS NULL", [.int(gateway.clock.nowMicros() + 3_600_000_000)])
            }
            #expect(try await gateway.deliverer.run(transport: receiver) == 0)  // not tried again before it is due
            try await fixture.register.store.write { db in try db.execute("UPDATE exchange_deliveries SET next_attempt_at = 0") }
            #expect(try await gateway.deliverer.run(transport: receiver) == 1)
            #expect(receiver.received.count == 2 && receiver.calls == 3)

            let (_, dancuKey) = try await gateway.keys.publicKeys().first.map { ($0["kid"] ?? "", $0["x"] ?? "") } ?? ("", "")
            let rawKey = try #require(ByteText.bytes(base64URL: dancuKey))
            let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: rawKey)
            for delivery in receiver.received {
                let id = try #require(delivery.headers["webhook-id"])
                let timestamp = try #require(delivery.headers["webhook-timestamp"].flatMap(Int.init))
                let signature = try #require(delivery.headers["webhook-signature"])
                let object = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any])
                let data = try #require(object["data"] as? [String: Any])
                #expect(object["type"] as? String == "person.death" && data["personalNumber"] as? String == a1.rawValue)
                let person = try #require(data["person"] as? [String: Any])
                let content = StandardWebhooks.content(id: id, timestamp: timestamp, body: delivery.body)
                if delivery.url.hasSuffix("/hooks") {
                    #expect(Set(person.keys) == ["name", "vitalStatus"])
                    let raw = try #require(Data(base64Encoded: String(signature.dropFirst(4))))
                    #expect(signature.hasPrefix("v1a,") && publicKey.isValidSignature(raw, for: content))
                } else {
                    #expect(Set(person.keys) == ["name"])
                    let whsec = try #require(hanoi.secret)
                    let secret = try #require(Data(base64Encoded: String(whsec.dropFirst(6))))
                    let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret))
                    #expect(signature == "v1," + Data(mac).base64EncodedString())
                }
            }
            _ = c1
            // Each delivery's read is in the access log in the member's name.
            let reads = try await fixture.accessLog().filter { $0.action == "x-event" }
            #expect(reads.count == 2 && reads.allSatisfy { $0.actor == "member:BHXH/GIAM-DINH" && $0.subject == a1.rawValue })
        }
    }

    @Test(arguments: Backend.all) func aPersonsEventsArriveInOrderAndAFailureHoldsTheNext(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await Self.setUp(fixture, gateway)
            try await gateway.grants.grant(
                member.subsystem, service: .events, fields: ["name", "maritalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis, by: "admin")
            try await gateway.dispatcher.run()
            let a1 = try fixture.number("a1")
            let b1 = try fixture.number("b1")
            _ = try await gateway.subscriptions.subscribe(
                .init(kinds: ["name-change", "divorce"], watch: [a1.rawValue], fields: ["name"]), for: member.caller(purpose: "social-insurance"))
            let pushed = try await gateway.subscriptions.subscribe(
                .init(kinds: ["name-change"], watch: [a1.rawValue, b1.rawValue], endpoint: "https://bhxh.example/hooks", fields: ["name"]),
                for: member.caller(purpose: "social-insurance"))
            let request = try fixture.request("central", .civilStatus)
            for (version, name) in [(1, "Nguyễn Văn Bình"), (2, "Nguyễn Văn Cường")] {
                _ = try await fixture.gate.record(
                    .nameChanged(try VietnameseName(name)), for: a1, validFrom: try LocalDate(iso: "2026-12-01"), reason: "test", expectedVersion: version,
                    request: request)
            }
            _ = try await fixture.gate.record(
                .nameChanged(try VietnameseName("Lê Văn Dũng")), for: b1, validFrom: try LocalDate(iso: "2026-12-01"), reason: "test", expectedVersion: 1,
                request: request)
            try await gateway.dispatcher.run()
            // a1's first change fails: a1's second waits; b1's goes.
            let receiver = Receiver(failFirst: 1, matching: a1.rawValue)
            #expect(try await gateway.deliverer.run(transport: receiver) == 2)
            // Who and which of their events each delivery was, in the order received.
            let received = {
                receiver.received.compactMap { r -> String? in
                    let data = ((try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any])?["data"] as? [String: Any]
                    return data.map { "\($0["personalNumber"] as? String ?? "")#\($0["seq"] as? Int ?? 0)" }
                }
            }
            #expect(received() == ["\(b1)#2"])
            try await fixture.register.store.write { db in try db.execute("UPDATE exchange_deliveries SET next_attempt_at = 0") }
            #expect(try await gateway.deliverer.run(transport: receiver) == 1)
            #expect(try await gateway.deliverer.run(transport: receiver) == 1)
            #expect(received() == ["\(b1)#2", "\(a1)#2", "\(a1)#3"])
            // Each carries the person as of its own event, though both of a1's were dispatched after the second.
            let names = receiver.received.compactMap { r -> String? in
                let data = ((try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any])?["data"] as? [String: Any]
                return (data?["person"] as? [String: Any])?["name"] as? String
            }
            #expect(names == ["Lê Văn Dũng", "Nguyễn Văn Bình", "Nguyễn Văn Cường"])
            let ids = receiver.received.map { $0.headers["webhook-id"] ?? "" }
            #expect(Set(ids).count == 3)
            _ = pushed

            // The pull subscription keeps a1's two changes for the member to read, in order.
            let page = try await gateway.feed.page(for: member.caller(purpose: "social-insurance"), after: 0, limit: 10)
            #expect(page.events.count == 2)
            let next = try await gateway.feed.page(for: member.caller(purpose: "social-insurance"), after: page.next, limit: 10)
            #expect(next.events.isEmpty && next.next == page.next)
        }
    }

    @Test(arguments: Backend.all) func aCardLostOrRevokedReachesItsSubscriber(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await Self.setUp(fixture, gateway)
            try await gateway.dispatcher.run()
            let a1 = try fixture.number("a1")
            _ = try await gateway.subscriptions.subscribe(
                .init(kinds: ["card-lost", "card-revoked"], watch: [a1.rawValue], endpoint: "https://bhxh.example/cards", fields: ["name"]),
                for: member.caller(purpose: "social-insurance"))
            // Issuing a card is not followed; losing it is.
            let card = try await fixture.cards.issueFirstCard(to: a1, face: try SyntheticFace.jpeg(), grant: try await TestGrants.cards(fixture.gate, a1))
            #expect(try await gateway.dispatcher.run() == 0)
            _ = try await fixture.cards.record(
                .reportLost, on: card.cardId, grant: try await TestGrants.cards(fixture.gate, a1), reason: "lost at the market", expectedVersion: nil)
            #expect(try await gateway.dispatcher.run() == 1)
            let receiver = Receiver()
            #expect(try await gateway.deliverer.run(transport: receiver) == 1)
            let delivered = try #require(receiver.received.first)
            let event = try #require(try JSONSerialization.jsonObject(with: Data(delivered.body)) as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            #expect(event["type"] as? String == "person.card-lost" && data["personalNumber"] as? String == a1.rawValue)
            #expect(data["card"] as? [String: String] == ["status": "lost"] && data["event"] as? String == "report-lost")
            #expect(data["person"] as? [String: String] == ["name": "Nguyễn Văn An"])
            // Read in the member's name, and the card office's announcement followed as the system.
            let log = try await fixture.accessLog()
            #expect(log.contains { $0.action == "x-event" && $0.subject == a1.rawValue && $0.actor == "member:BHXH/GIAM-DINH" })
            #expect(log.contains { $0.action == "follow-card-events" && $0.subject == a1.rawValue && $0.actor == "system:exchange-dispatch" })
        }
    }

    @Test(arguments: Backend.all) func aDeliveryThatFailsForThreeDaysIsDeadLetteredAndReplayable(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await Self.setUp(fixture, gateway)
            try await gateway.dispatcher.run()
            _ = try await gateway.subscriptions.subscribe(
                .init(kinds: ["death"], provinceCode: "01", endpoint: "https://bhxh.example/hooks", fields: ["name"]),
                for: member.caller(purpose: "social-insurance"))
            try await Self.death(fixture, "a2")
            try await gateway.dispatcher.run()
            let down = Receiver(failFirst: .max)
            #expect(try await gateway.deliverer.run(transport: down) == 1)
            try await fixture.register.store.write { db in
                try db.execute("UPDATE exchange_deliveries SET created_at = created_at - ?, next_attempt_at = 0", [.int(WebhookDeliverer.giveUpAfterMicros)])
            }
            #expect(try await gateway.deliverer.run(transport: down) == 1)
            let dead = try await gateway.deliverer.backlog()
            #expect(dead.pending == 0 && dead.dead == 1)
            #expect(try await gateway.deliverer.run(transport: down) == 0)
            #expect(try await gateway.deliverer.replayDead() == 1)
            let up = Receiver()
            #expect(try await gateway.deliverer.run(transport: up) == 1)
            let after = try await gateway.deliverer.backlog()
            #expect(up.received.first?.headers["webhook-id"] == WebhookDeliverer.webhookId(1) && after.pending == 0 && after.dead == 0)
        }
    }
}
