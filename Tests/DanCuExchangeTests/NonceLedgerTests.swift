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
