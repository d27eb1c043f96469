import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

/// The nonce ledger and the message log an older version kept in the register's file move to the logs'
/// own store, every line with its id, and new lines follow them; where both are one database, nothing
/// moves.
@Suite struct ExchangeLogMoveTests {
    static func oldLine(_ id: Int, at: Int64) -> [SQLValue] {
        [
            .int(at), .text("old-\(id)"), .text("BHXH"), .text("GIAM-DINH"), .text("k1"), .text("POST"),
            .text("http://x/x/v1/verify"), .int(200), .text("ok"), .text("base \(id)"), .text("sig"), .null, .null, .text("verify"), .int(900),
        ]
    }

    @Test(arguments: Backend.all) func linesKeptInTheRegisterMoveBesideTheAccessLog(backend: Backend) async throws {
        try await GateFixture.with(backend) { fixture in
            let store = fixture.register.store
            let members = MemberRegistry(store: store, clock: fixture.gate.clock)
            try await members.migrate()
            // What an older version left: 4,500 lines (more than two chunks), ids 1 to 4,500, and a nonce still fresh.
            try await store.write { db in
                for id in 1...4_500 {
                    try db.execute(
                        """
                        INSERT INTO exchange_messages (at, request_id, member, subsystem, key_id, method, target, status, outcome,
                          request_base, request_signature, response_base, response_signature, service, duration_us)
                        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                        """, Self.oldLine(id, at: 1_000 + Int64(id)))
                }
                try db.execute("INSERT INTO exchange_nonces (key_id, nonce, expires_at) VALUES ('k1', 'nonce-kept-1', ?)", [.int(Int64.max)])
            }
            let gateway = ExchangeGateway(
                gate: fixture.gate, members: members, store: store, vault: fixture.cards.keys.vault(purpose: "exchange signing keys"),
                units: fixture.register.reference.units, logStore: fixture.logStore)
            try await gateway.prepareLogs()
            try await gateway.prepareLogs()
            let apart = fixture.logStore.location != store.location
            #expect(try await gateway.messages.entries(requestId: "old-4321").map(\.requestBase) == ["base 4321"])
            let latest = try await gateway.messages.latest(limit: 1)
            #expect(latest.map(\.requestId) == ["old-4500"])
            let registerHasTable = try await store.read { db in
                try db.queryOne(
                    db.dialect == .sqlite
                        ? "SELECT 1 AS x FROM sqlite_master WHERE name = 'exchange_messages'"
                        : "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'exchange_messages'"
                ) != nil
            }
            #expect(registerHasTable == !apart)
            let logged = try await fixture.logStore.read { db in
                (
                    try db.queryOne("SELECT COUNT(*) AS n, MIN(id) AS low, MAX(id) AS high FROM exchange_messages"),
                    try db.queryOne("SELECT COUNT(*) AS n FROM exchange_nonces WHERE nonce = 'nonce-kept-1'")
                )
            }
            #expect(logged.0?["n"].int == 4_500 && logged.0?["low"].int == 1 && logged.0?["high"].int == 4_500)
            #expect(logged.1?["n"].int == 1)
            // A line appended now follows the moved ones.
            try await gateway.messages.append(
                .init(
                    at: 9_999, requestId: "new", subsystem: nil, keyId: nil, method: "POST", target: "http://x/x/v1/verify", status: 401,
                    outcome: "signature", requestBase: nil, requestSignature: nil, responseBase: nil, responseSignature: nil, service: "verify"))
            let newest = try await fixture.logStore.read { db in try db.queryOne("SELECT id FROM exchange_messages WHERE request_id = 'new'") }
            #expect((newest?["id"].int ?? 0) > 4_500)
        }
    }
}
