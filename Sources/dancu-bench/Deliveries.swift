import ArgumentParser
import AsyncHTTPClient
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuExchange
@_spi(Gate) import DanCuRegister
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Life-event deliveries per second to a local webhook receiver over HTTP, and the time from each
/// death's commit to its delivery, for bench/exchange.sh.
struct ExchangeDeliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange-deliveries", abstract: "Record N deaths and measure their webhook deliveries to a local receiver.")
    @Option var database: String
    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var deaths: Int = 2000
    @Option var port: Int = 18_111

    func run() async throws {
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory))
        guard let gateway = platform.exchange else { throw ValidationError("no exchange gateway") }
        let admin = "bench.admin"
        try await gateway.members.add(try MemberSystem(code: "BENCH", nameVietnamese: "Bench", nameEnglish: "Bench", kind: "ministry"), by: admin)
        let subsystem = try Subsystem(member: "BENCH", code: "HOOKS")
        try await gateway.members.add(subsystem, by: admin)
        if try await !gateway.grants.documents().contains(where: { $0.code == "26/2023/QH15" }) {
            try await gateway.grants.add(
                try LegalDocument(code: "26/2023/QH15", title: "Luật Căn cước", validFrom: try LocalDate(iso: "2024-07-01")), by: admin)
        }
        try await gateway.grants.grant(
            subsystem, service: .events, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: "26/2023/QH15", by: admin)
        let everyone = try await sample(platform.register, count: deaths * 4).filter { if case .alive = $0.vitalStatus { true } else { false } }
            .prefix(deaths * 2).map(\.personalNumber)
        guard everyone.count == deaths * 2 else { throw ValidationError("only \(everyone.count) living people in the sample") }
        // Half die while delivery is stopped (the backlog, for throughput), half while it runs (for latency).
        let backlog = Array(everyone.prefix(deaths))
        let people = Array(everyone.suffix(deaths))
        try await gateway.dispatcher.run()  // starts from now
        let caller = MemberCaller(
            subsystem: subsystem, kind: .ministry, name: "Bench", keyId: "", requestId: "bench", purpose: "social-insurance", legalBasis: "26/2023/QH15",
            consent: nil)
        _ = try await gateway.subscriptions.subscribe(
            .init(kinds: ["death"], watch: everyone.map(\.rawValue), endpoint: "http://127.0.0.1:\(port)/hook", fields: ["name", "vitalStatus"]), for: caller)

        let arrivals = Instants()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let event = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
            if let number = (event?["data"] as? [String: Any])?["personalNumber"] as? String {
                arrivals.mark(number)
            }
            return .noContent
        }
        var quiet = Logger(label: "bench-receiver")
        quiet.logLevel = .critical  // its shutdown by cancellation is the bench's end, not an error
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: quiet)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = WebhookDeliverer.concurrency
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let transport = HTTPClientTransport(client: client)
        let commits = Instants()
        let officer = AccessRequest(
            officer: Officer(username: "bench.central", displayName: "Bench", role: .centralOfficer, jurisdiction: .nation), purpose: .civilStatus,
            requestId: "bench")
        let gate = platform.gate
        let today = gate.clock.today()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await receiver.runService() }
            let backlogStarted = ContinuousClock.now
            try await Self.record(backlog, gate: gate, officer: officer, today: today, commits: commits)
            let backlogRecorded = ContinuousClock.now - backlogStarted
            let started = ContinuousClock.now
            // The service `dancu serve` runs, over the same transport.
            let delivering = ExchangeDelivering(gateway: gateway, logger: quiet)
            group.addTask { try await delivering.run(transport: transport) }
            let deadline = ContinuousClock.now + .seconds(120)
            while arrivals.count(of: backlog) < backlog.count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let drained = (ContinuousClock.now - started).seconds
            print(
                String(
                    format:
                        "deliveries: a backlog of %d deaths (recorded in %.1f s while delivery was stopped) dispatched and delivered in %.2f s: %.0f deliveries/s",
                    backlog.count, backlogRecorded.seconds, drained, Double(arrivals.count(of: backlog)) / drained))

            let live = ContinuousClock.now
            try await Self.record(people, gate: gate, officer: officer, today: today, commits: commits)
            let recorded = ContinuousClock.now - live
            let liveDeadline = ContinuousClock.now + .seconds(120)
            while arrivals.count(of: people) < people.count && ContinuousClock.now < liveDeadline { try await Task.sleep(for: .milliseconds(20)) }
            let got = arrivals.all
            let sent = commits.all
            let latencies = people.compactMap { number in got[number.rawValue].flatMap { at in sent[number.rawValue].map { (at - $0).seconds } } }.sorted()
            print(
                String(
                    format:
                        "deliveries: %d deaths recorded live in %.1f s (%.0f/s, four writers), %d delivered; commit to delivery median %.0f ms, p99 %.0f ms",
                    people.count, recorded.seconds, Double(people.count) / recorded.seconds, latencies.count, percentile(latencies, 0.5) * 1000,
                    percentile(latencies, 0.99) * 1000))
            group.cancelAll()
        }
        try await client.shutdown()
        await platform.close()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension ExchangeDeliveries {
    /// Records the deaths of `people` by four writers, as officers would, marking each commit.
    static func record(_ people: [PersonalNumber], gate: Gate, officer: AccessRequest, today: LocalDate, commits: Instants) async throws {
        try await withThrowingTaskGroup(of: Void.self) { writers in
            for lane in 0..<4 {
                writers.addTask {
                    for number in people.enumerated().filter({ $0.offset % 4 == lane }).map(\.element) {
                        let version = try await gate.person(number, for: officer).version
                        do {
                            _ = try await gate.record(
                                .deathRecorded(date: PartialDate(today)), for: number, validFrom: today, reason: nil, expectedVersion: version,
                                request: officer)
                        } catch RegisterError.versionConflict {
                            // A spouse's death widowed them meanwhile: read again.
                            let again = try await gate.person(number, for: officer).version
                            _ = try await gate.record(
                                .deathRecorded(date: PartialDate(today)), for: number, validFrom: today, reason: nil, expectedVersion: again,
                                request: officer)
                        }
                        commits.mark(number.rawValue)
                    }
                }
            }
            try await writers.waitForAll()
        }
    }
}

/// When each person's moment happened: the first time only.
final class Instants: Sendable {
    private let stored = Mutex<[String: ContinuousClock.Instant]>([:])
    func mark(_ key: String) { stored.withLock { if $0[key] == nil { $0[key] = .now } } }
    var all: [String: ContinuousClock.Instant] { stored.withLock { $0 } }
    func count(of people: [PersonalNumber]) -> Int { stored.withLock { seen in people.filter { seen[$0.rawValue] != nil }.count } }
}
