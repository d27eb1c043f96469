import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

/// Batch verification below HTTP, on both backends: each line answered or refused by its number, as a
/// single verification would be, each person read logged once, the work resumed where it stopped, and a
/// batch seen by its own subsystem only.
@Suite struct BatchVerificationTests {
    static func lines(_ lines: [String]) -> AsyncStream<[UInt8]> {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        return AsyncStream { continuation in
            // Pieces that cut lines in the middle, as a network does.
            var start = 0
            while start < bytes.count {
                continuation.yield(Array(bytes[start..<min(start + 37, bytes.count)]))
                start += 37
            }
            continuation.finish()
        }
    }

    static func digest(_ lines: [String]) throws -> ContentDigest.Expectation {
        try ContentDigest.Expectation(ContentDigest.header(for: Array(lines.map { $0 + "\n" }.joined().utf8)))
    }

    static func submit(
        _ gateway: ExchangeGateway, _ lines: [String], for caller: MemberCaller, limits: BatchLimits = .standard
    ) async throws -> BatchJob {
        try await gateway.receiveBatch(Self.lines(lines), digest: try digest(lines), for: caller, limits: limits)
    }

    static func results(_ gateway: ExchangeGateway, _ job: BatchJob, for caller: MemberCaller) async throws -> (
        digest: String, lines: [[String: Any]], bytes: [UInt8]
    ) {
        let (finished, digest) = try await gateway.batchResults(job.id, for: caller)
        var bytes: [UInt8] = []
        var after = -1
        while true {
            let page = try await gateway.batchResultChunks(finished, after: after, limit: 2)
            guard let last = page.last else { break }
            for chunk in page { bytes += chunk.data }
            after = last.index
        }
        let lines = try bytes.split(separator: UInt8(ascii: "\n")).map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        return (digest, lines, bytes)
    }

    static func work(_ gateway: ExchangeGateway) async throws {
        while try await gateway.workOnBatches() > 0 {}
    }

    @Test(arguments: Backend.all) func eachLineIsAnsweredOrRefusedByItsNumber(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            try await gateway.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "dateOfBirth", "vitalStatus"], purpose: .socialInsurance,
                legalBasis: member.legalBasis, by: "admin")
            let a1 = try fixture.number("a1").rawValue
            let a2 = try fixture.number("a2").rawValue
            let caller = member.caller(purpose: "social-insurance", requestId: "batch-1")
            let job = try await Self.submit(
                gateway,
                [
                    #"{"personalNumber":"\#(a1)","name":"nguyen van an","dateOfBirth":"1980-03"}"#,
                    #"{"personalNumber":"\#(a2)","name":"Nguyễn Văn An"}"#,
                    #"{"personalNumber":"001099009999","name":"Nguyễn Văn An"}"#,
                    "not json",
                    #"{"personalNumber":"\#(a1)","phone":"0912"}"#,
                    #"{"personalNumber":"\#(a1)","sex":"male"}"#,
                    "",
                    #"{"personalNumber":"\#(a1)","dateOfBirth":"1980-03-04",}"#,
                ], for: caller, limits: BatchLimits(maxLines: 100, maxBytes: 10_000, linesPerChunk: 3))
            #expect(job.status == .queued && job.lines == 8 && job.processed == 0 && job.requestId == "batch-1")
            try await Self.work(gateway)
            let (_, results, bytes) = try await Self.results(gateway, job, for: caller)
            #expect(results.map { $0["line"] as? Int } == Array(1...8))
            #expect(results[0]["match"] as? Bool == true && results[0]["fields"] as? [String: String] == ["name": "match", "dateOfBirth": "match"])
            #expect(results[0]["alive"] as? Bool == true && Set(results[0].keys) == ["line", "personalNumber", "match", "fields", "alive"])
            #expect(results[1]["match"] as? Bool == false && results[1]["fields"] as? [String: String] == ["name": "no-match"])
            // A number the register lacks, for a member granted the nation: no-match, nothing more.
            #expect(results[2]["personalNumber"] as? String == "no-match" && results[2]["alive"] == nil)
            func error(_ line: Int) -> [String: Any] { results[line - 1]["error"] as? [String: Any] ?? [:] }
            #expect(error(4)["status"] as? Int == 400 && error(4)["field"] as? String == "body")
            #expect(error(5)["field"] as? String == "phone" && error(5)["rule"] as? String == "unknown")
            #expect(error(6)["status"] as? Int == 403 && (error(6)["detail"] as? String ?? "").contains("sex"))
            #expect(error(7)["rule"] as? String == "required" && error(8)["rule"] as? String == "json")
            // The refusals and errors tell nothing of the person.
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("Nguyễn Văn An") && !text.contains("nguyen van an"))
            #expect(!text.contains("1980-03-04") && !text.contains("Trần Thị Bích") && !text.contains(GateFixture.wardA))

            let done = try await gateway.batch(job.id, for: caller)
            #expect(done.status == .done && done.processed == 8 && done.matched == 1 && done.errors == 5)
            // Each person read once in the log, under the request that sent the batch; the refused line denied.
            let log = try await fixture.accessLog().filter { $0.requestId == "batch-1" && $0.action == "x-verify" }
            #expect(log.filter { $0.decision == "allowed" }.compactMap(\.subject).sorted() == [a1, a2, "001099009999"].sorted())
            #expect(log.filter { $0.decision == "denied" }.map(\.subject) == [a1])
            #expect(log.allSatisfy { $0.actor == "member:BHXH/GIAM-DINH" && $0.purpose == "social-insurance" })
        }
    }

    @Test(arguments: Backend.all) func aStoppedWorkerGoesOnWhereItStopped(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            try await gateway.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis,
                by: "admin")
            let numbers = try ["a1", "a2", "b1", "c1"].map { try fixture.number($0).rawValue }
            let lines = (0..<9).map { #"{"personalNumber":"\#(numbers[$0 % 4])","name":"x\#($0)"}"# }
            let caller = member.caller(purpose: "social-insurance", requestId: "batch-2")
            let job = try await Self.submit(gateway, lines, for: caller, limits: BatchLimits(maxLines: 100, maxBytes: 10_000, linesPerChunk: 2))
            #expect(try await gateway.workOnBatches(budget: 2) == 2)
            let halfway = try await gateway.batch(job.id, for: caller)
            #expect(halfway.status == .running && halfway.processed == 4)
            #expect(
                await #expect(throws: BatchRefusal.self) { try await gateway.batchResults(job.id, for: caller) }
                    == .notFinished(status: .running, processed: 4, lines: 9))
            // Another gateway over the same stores: a server started again.
            let again = ExchangeGateway(
                gate: fixture.gate, members: gateway.members, store: fixture.register.store,
                vault: fixture.cards.keys.vault(purpose: "exchange signing keys"), units: fixture.register.reference.units,
                logStore: fixture.logStore)
            try await Self.work(again)
            let (digest, results, bytes) = try await Self.results(again, job, for: caller)
            #expect(results.map { $0["line"] as? Int } == Array(1...9))
            #expect(digest == ContentDigest.header(for: bytes))
            #expect(try await fixture.count("exchange_batch_input") == 0)
            let reads = try await fixture.accessLog().filter { $0.requestId == "batch-2" && $0.action == "x-verify" }
            // One entry per person per chunk: 2 + 2 + 2 + 2 + 1, none twice.
            #expect(reads.count == 9 && reads.allSatisfy { $0.decision == "allowed" })
        }
    }

    @Test(arguments: Backend.all) func refusedAsAWholeOrLineByLine(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            let caller = member.caller(purpose: "social-insurance", requestId: "batch-3")
            let a1 = try fixture.number("a1").rawValue
            let c1 = try fixture.number("c1").rawValue
            // No verify grant at all: refused before any line is kept, and the refusal logged.
            await #expect(throws: AccessError.self) { try await Self.submit(gateway, [#"{"personalNumber":"\#(a1)"}"#], for: caller) }
            #expect(try await fixture.count("exchange_batches") == 0)
            #expect(try await fixture.accessLog().contains { $0.requestId == "batch-3" && $0.decision == "denied" && $0.action == "x-verify-batch" })

            // Granted for Ho Chi Minh City only: a person of Ha Noi and an unknown number are refused alike.
            try await gateway.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis,
                provinceCode: "79", by: "admin")
            let lines = [#"{"personalNumber":"\#(c1)","name":"pham thi dung"}"#, #"{"personalNumber":"\#(a1)"}"#, #"{"personalNumber":"001099009999"}"#]
            let job = try await Self.submit(gateway, lines, for: caller)
            try await Self.work(gateway)
            let (_, results, _) = try await Self.results(gateway, job, for: caller)
            #expect(results[0]["match"] as? Bool == true)
            let outside = results[1]["error"] as? [String: Any]
            #expect(outside?["status"] as? Int == 403 && outside?["detail"] as? String == (results[2]["error"] as? [String: Any])?["detail"] as? String)

            // A batch taken while the law was in force; the law ends before the work: its lines are refused naming it.
            let late = try await Self.submit(gateway, lines, for: caller)
            try await gateway.grants.end(document: member.legalBasis, on: fixture.gate.clock.today().adding(days: -1), by: "admin")
            try await Self.work(gateway)
            let (_, refused, _) = try await Self.results(gateway, late, for: caller)
            #expect(
                refused.allSatisfy {
                    ($0["error"] as? [String: Any])?["detail"] as? String
                        == "the legal basis \(member.legalBasis) expired on \(fixture.gate.clock.today().adding(days: -1))"
                })

        }
    }

    @Test(arguments: Backend.all) func aBatchIsItsSubsystemsOnlyAndStopsWithItsMember(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            let other = try await ExchangeMember.register(gateway, code: "THUE", subsystem: "TRA-CUU")
            for subsystem in [member.subsystem, other.subsystem] {
                try await gateway.grants.grant(
                    subsystem, service: .verify, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis, by: "admin")
            }
            let caller = member.caller(purpose: "social-insurance")
            let lines = [#"{"personalNumber":"\#(try fixture.number("a1"))"}"#]
            let job = try await Self.submit(gateway, lines, for: caller)
            // Another subsystem, or an id that is no batch's, learns nothing: both unknown.
            await #expect(throws: BatchRefusal.unknown) { try await gateway.batch(job.id, for: other.caller(purpose: "social-insurance")) }
            await #expect(throws: BatchRefusal.unknown) { try await gateway.batch("b_" + String(repeating: "a", count: 24), for: caller) }
            await #expect(throws: BatchRefusal.unknown) { try await gateway.batch("../etc", for: caller) }
            try await gateway.members.disable(member: "BHXH", by: "admin")
            try await Self.work(gateway)
            let stopped = try await gateway.batch(job.id, for: caller)
            #expect(stopped.status == .failed && stopped.processed == 0 && (stopped.failure ?? "").contains("disabled"))
            #expect(try await fixture.count("exchange_batch_input") == 0)
            await #expect(throws: BatchRefusal.self) { try await gateway.batchResults(job.id, for: caller) }
        }
    }

    @Test(arguments: Backend.all) func aBatchTooLargeCutOrNotAsSignedIsDropped(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            try await gateway.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis, by: "admin")
            let caller = member.caller(purpose: "social-insurance")
            let line = #"{"personalNumber":"\#(try fixture.number("a1"))"}"#
            let limits = BatchLimits(maxLines: 3, maxBytes: 10_000, linesPerChunk: 1)
            await #expect(throws: BatchRefusal.tooLarge(ExchangeGateway.tooLarge(limits))) {
                try await Self.submit(gateway, Array(repeating: line, count: 4), for: caller, limits: limits)
            }
            await #expect(throws: BatchRefusal.empty) { try await Self.submit(gateway, [], for: caller) }
            // Lines other than those the digest was made of.
            await #expect(throws: ExchangeRefusal.digest(.mismatch(algorithm: "sha-256"))) {
                try await gateway.receiveBatch(Self.lines([line, line]), digest: try Self.digest([line]), for: caller)
            }
            #expect(try await fixture.count("exchange_batch_input") == 0)
            let failed = try await fixture.register.store.read { db in try db.query("SELECT status FROM exchange_batches").map { try $0.string("status") } }
            #expect(failed == ["failed", "failed", "failed"])
            // Three batches unfinished at once, and the fourth waits.
            for _ in 0..<BatchJob.maxUnfinished { _ = try await Self.submit(gateway, [line], for: caller) }
            await #expect(throws: BatchRefusal.busy) { try await Self.submit(gateway, [line], for: caller) }
        }
    }
}
