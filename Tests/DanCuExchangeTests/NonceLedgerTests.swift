import DanCuCore
import DanCuStore
import DanCuTestSupport
import DanCuTransparency
import Testing

@testable import DanCuExchange

/// The nonce ledger, keyed by expiry first: a replay (the same signed `created`, so the same expiry)
/// meets its first claim; the expired claims go from the oldest end, a few with each batch.
@Suite struct NonceLedgerTests {
    @Test(arguments: Backend.all) func aReplayIsRefusedAndTheExpiredGo(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let ledger = gateway.nonces
            let second: Int64 = 1_000_000
            #expect(try await ledger.claim(NonceClaim(keyId: "k1", nonce: "nonce-0001", now: 10 * second, expiresAt: 71 * second)))
            #expect(try await !ledger.claim(NonceClaim(keyId: "k1", nonce: "nonce-0001", now: 11 * second, expiresAt: 71 * second)))
            // Another key's nonce of the same text is its own.
            #expect(try await ledger.claim(NonceClaim(keyId: "k2", nonce: "nonce-0001", now: 11 * second, expiresAt: 71 * second)))
            // Twenty claims that expire before the next request's time.
            for i in 0..<20 {
                #expect(try await ledger.claim(NonceClaim(keyId: "k1", nonce: "old-\(1000 + i)", now: 12 * second, expiresAt: (20 + Int64(i)) * second)))
            }
            func count() async throws -> Int64 {
                try await fixture.logStore.read { db in try db.queryOne("SELECT COUNT(*) AS n FROM exchange_nonces")?["n"].int ?? -1 }
            }
            #expect(try await count() == 22)
            // A claim at 50 s sweeps a few of the expired (8 and one per claim), the oldest first.
            #expect(try await ledger.claim(NonceClaim(keyId: "k1", nonce: "nonce-0002", now: 50 * second, expiresAt: 111 * second)))
            #expect(try await count() == 22 + 1 - 9)
            let oldest = try await fixture.logStore.read { db in
                try db.queryOne("SELECT MIN(expires_at) AS e FROM exchange_nonces")?["e"].int
            }
            #expect(oldest == 29 * second)
            // Claims not yet expired stay: the first is refused again until it expires.
            #expect(try await !ledger.claim(NonceClaim(keyId: "k1", nonce: "nonce-0001", now: 60 * second, expiresAt: 71 * second)))
        }
    }

    /// Every claim of a second shares its expiry: the sweep takes the oldest in key order, across the
    /// boundary of two seconds, and never one that has not expired.
    @Test(arguments: Backend.all) func claimsOfOneSecondGoInKeyOrder(backend: Backend) async throws {
        // The closure's type is spelled out: with `#expect` in one-line loops the compiler took it as not throwing.
        try await ExchangeGatewayTests.with(backend) { (fixture: GateFixture, gateway: ExchangeGateway) async throws in
            let ledger = gateway.nonces
            for i in (0..<30).reversed() { #expect(try await ledger.claim(Self.claim("a-\(10 + i)", expiring: 20, now: 12))) }
            for i in 0..<5 { #expect(try await ledger.claim(Self.claim("b-\(i)", expiring: 19, now: 12))) }
            for i in 0..<3 { #expect(try await ledger.claim(Self.claim("c-\(i)", expiring: 100, now: 12))) }
            let all: [String] = ["b-0", "b-1", "b-2", "b-3", "b-4"] + (10..<40).map { i in "a-\(i)" } + ["c-0", "c-1", "c-2"]
            #expect(try await Self.nonces(in: fixture.logStore) == all)
            // One claim sweeps nine: the five of 19 s, then the first four of 20 s in key order.
            #expect(try await ledger.claim(Self.claim("d-0", expiring: 111, now: 50)))
            #expect(try await Self.nonces(in: fixture.logStore) == Array(all.dropFirst(9)) + ["d-0"])
            #expect(try await ledger.claim(Self.claim("d-1", expiring: 111, now: 50)))
            #expect(try await Self.nonces(in: fixture.logStore) == Array(all.dropFirst(18)) + ["d-0", "d-1"])
            // Past 20 s nothing expired is left to take but what expires at 20 s; what has not expired stays.
            for i in 2..<6 { #expect(try await ledger.claim(Self.claim("d-\(i)", expiring: 111, now: 50))) }
            #expect(try await Self.nonces(in: fixture.logStore) == ["c-0", "c-1", "c-2", "d-0", "d-1", "d-2", "d-3", "d-4", "d-5"])
            // A replay of a claim the sweep has not reached is still refused.
            #expect(try await !ledger.claim(Self.claim("c-1", expiring: 100, now: 60)))
        }
    }

    static func claim(_ nonce: String, expiring: Int64, now: Int64) -> NonceClaim {
        NonceClaim(keyId: "k1", nonce: nonce, now: now * 1_000_000, expiresAt: expiring * 1_000_000)
    }

    static func nonces(in store: any Store) async throws -> [String] {
        try await store.read { db in
            try db.query("SELECT nonce FROM exchange_nonces ORDER BY expires_at, key_id, nonce").map { try $0.string("nonce") }
        }
    }

    /// A read's claim rides in its message-log line's transaction: the line is written only with a claim
    /// that holds, and takes a leaf only then; the claim holds against the ledger's own claims both ways.
    @Test(arguments: Backend.all) func aLineIsWrittenOnlyWithAClaimThatHolds(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let second: Int64 = 1_000_000
            let now = gateway.clock.nowMicros()
            func line(_ requestId: String) -> MessageLog.Entry {
                MessageLog.Entry(
                    at: now, requestId: requestId, subsystem: nil, keyId: "k1", method: "POST", target: "http://dancu.test/x/v1/verify", status: 200,
                    outcome: "ok", requestBase: nil, requestSignature: nil, responseBase: nil, responseSignature: nil, service: "verify")
            }
            func claim(_ nonce: String) -> NonceClaim { NonceClaim(keyId: "k1", nonce: nonce, now: now, expiresAt: now + 61 * second) }
            func sequenced() async throws -> Int64 {
                try await fixture.logStore.read { db in try TransparencyLog.counts(in: db).sequenced }
            }
            let before = try await sequenced()
            #expect(try await gateway.messages.append(line("r-1"), claiming: claim("nonce-read-1")))
            #expect(try await !gateway.messages.append(line("r-2"), claiming: claim("nonce-read-1")))
            #expect(try await gateway.messages.entries(requestId: "r-1").count == 1)
            #expect(try await gateway.messages.entries(requestId: "r-2").isEmpty)
            #expect(try await sequenced() == before + 1)
            // The ledger's own claim meets the line's, and the line meets the ledger's.
            #expect(try await !gateway.nonces.claim(claim("nonce-read-1")))
            #expect(try await gateway.nonces.claim(claim("nonce-write-1")))
            #expect(try await !gateway.messages.append(line("r-3"), claiming: claim("nonce-write-1")))
            // Lines of one transaction: the second of two with the same nonce is refused.
            async let a = gateway.messages.append(line("r-4"), claiming: claim("nonce-read-2"))
            async let b = gateway.messages.append(line("r-5"), claiming: claim("nonce-read-2"))
            #expect(try await [a, b].filter { $0 }.count == 1)
            #expect(try await sequenced() == before + 2)
        }
    }
}
