import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuAccess

/// A register write's entries are in the access log when the write answers; the outbox rows they were
/// copied from go later, many at once, and a run never copies a row twice.
@Suite struct AccessLogRelayTests {
    func outbox(_ f: GateFixture) async throws -> Int {
        let n: Int64? = try await f.register.store.read { db in try db.queryOne("SELECT COUNT(*) AS n FROM access_log_outbox")?.int("n") }
        return Int(n ?? -1)
    }

    func entries(_ prefix: String, _ count: Int) -> [AccessLogEntry] {
        (0..<count).map {
            AccessLogEntry(
                at: 1_780_000_000_000_000 + Int64($0), requestId: "\(prefix)-\($0)", actor: "commune.a", role: "commune-officer", subject: "001090000001",
                action: "record-moved", fields: ["permanentResidence"], purpose: "residence-management", decision: .allowed, legalBasis: "26/2023/QH15")
        }
    }

    @Test(arguments: Backend.all) func aWriteIsLoggedBeforeItAnswersAndItsOutboxRowGoesAtTheSweep(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let before = try await f.accessLog().count
            let birth = BirthRegistration(
                name: try VietnameseName("Trần Bảo Ngọc"), sex: .female, dateOfBirth: try LocalDate(iso: "2026-10-04"),
                placeOfBirth: GateFixture.place(GateFixture.wardA), birthRegistrationPlace: GateFixture.place(GateFixture.wardA))
            _ = try await f.gate.registerBirth(birth, idempotency: nil, for: try f.request("communeA", .civilStatus, id: "birth-1"))
            // Read straight from the log's table: nothing relays for this reader.
            let logged = try await f.logStore.read { db in
                try db.query("SELECT action FROM access_log WHERE request_id = 'birth-1'").map { try $0.string("action") }
            }
            #expect(logged == ["register-birth"])
            let waiting = try await outbox(f)
            #expect(waiting >= 1)
            #expect(try await f.gate.sweepAccessLogOutbox() == waiting)
            #expect(try await outbox(f) == 0)
            #expect(try await f.accessLog().count == before + 1)
        }
    }

    @Test(arguments: Backend.all) func runsCopyEachRowOnceAndDeleteWhenNothingSweeps(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let relay = f.gate.relay
            // Fewer rows than a run lets wait: copied, left in the outbox, not copied again by the next run.
            try await f.register.store.write { db in try AccessLogTable.append(entries("few", 10), in: db, table: "access_log_outbox") }
            try await relay.run()
            try await relay.run()
            #expect(try await outbox(f) == 10)
            #expect(try await f.accessLog().filter { $0.requestId.hasPrefix("few-") }.count == 10)
            // As many as a run lets wait: that run deletes them (and the ten before) itself.
            try await f.register.store.write { db in
                try AccessLogTable.append(entries("many", AccessLogRelay.sweepAt), in: db, table: "access_log_outbox")
            }
            try await relay.run()
            #expect(try await outbox(f) == 0)
            let log = try await f.accessLog()
            #expect(log.filter { $0.requestId.hasPrefix("many-") }.count == AccessLogRelay.sweepAt)
            #expect(log.filter { $0.requestId.hasPrefix("few-") }.count == 10)
            #expect(try await relay.sweep() == 0)
        }
    }

    @Test(arguments: Backend.all) func aRowAnotherServerCopiedIsNotCopiedAgain(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            try await f.register.store.write { db in try AccessLogTable.append(entries("other", 3), in: db, table: "access_log_outbox") }
            // Another gate on the same stores (another server) copies them first.
            let other = Gate(register: f.register, logStore: f.logStore)
            try await other.relay.run()
            try await f.gate.relay.run()
            #expect(try await f.accessLog().filter { $0.requestId.hasPrefix("other-") }.count == 3)
            #expect(try await other.sweepAccessLogOutbox() == 3)
            #expect(try await outbox(f) == 0)
        }
    }
}
