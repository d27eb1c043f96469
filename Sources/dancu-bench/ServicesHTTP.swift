import ArgumentParser
import AsyncHTTPClient
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuServices
import DanCuWeb
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ServiceLifecycle

/// Birth registrations (procedure 14) over HTTP, as parents and officers make them: the parent submits
/// with their eID session (`POST /me/api/applications`), the ward's civil-status officer approves
/// (`POST /v1/applications/{code}/steps/birth/decision`); beside the same births registered by the
/// officers straight through the API (`POST /v1/births`), in alternating rounds. The server runs in
/// this process on a loopback port, as `dancu serve` would, with its background services.
struct ServicesHTTP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services-http",
        abstract: "Complete birth registrations per second over HTTP (submit, approve) beside births through the officers' API.")
    @Option var database: String
    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var seconds: Double = 5
    @Option var rounds: Int = 3
    @Option var concurrency: Int = 16
    /// A full run of `bench/services.sh` makes some 30,000 births over HTTP (the gate's rounds and the
    /// online ones), each naming one of these parents, and each rewrites its parent's record, which names
    /// every child: 8,000 parents have about four children each by the end, as families do.
    @Option(help: "Parents given a card, a level-2 eID and a session.") var parents: Int = 8_000
    @Option var port: Int = 8097
    /// `services` runs only the online rounds (to profile them alone); the ratio needs both.
    @Option(help: "Rounds to run: both, or services alone.") var only: Rounds = .both

    enum Rounds: String, ExpressibleByArgument {
        case both, services
    }

    /// A parent with their session, and the officer of their ward with theirs.
    struct Actor: Sendable {
        let parent: ServicesBirths.Parent
        let session: String
        let officer: String
    }

    func run() async throws {
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory, port: port, bcryptCost: 4))
        guard let cards = platform.services.cards, let eid = platform.services.eid, let me = platform.services.selfService else {
            throw ValidationError("no card keys in \(dataDirectory): run dancu keys csca init and keys ds issue first")
        }
        let today = platform.gate.clock.today()
        let actors = try await prepare(platform, cards: cards.office, eid: eid, me: me, today: today)
        Self.say("parents with a card, a level-2 eID and a session: \(actors.count) in \(Set(actors.map(\.parent.ward)).count) wards; \(concurrency) at once")

        var quiet = Logger(label: "bench-server")
        quiet.logLevel = .warning
        let app = try buildApplication(platform, logger: quiet)
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let base = "http://127.0.0.1:\(port)"
        // The application's lifecycle closes the platform's stores when it stops (`StoreClosing`).
        do {
            try await load(app: app, client: client, base: base, actors: actors, today: today)
        } catch {
            Self.say("error: \(error)")
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func load(app: some ApplicationProtocol, client: HTTPClient, base: String, actors: [Actor], today: LocalDate) async throws {
        // Stopped as a signal would stop it: the server drains, then the services, then the stores close.
        let server = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            try await Self.waitUntilLive(client, base)
            // Past the in-process bench's births on the same database (fewer than 100,000): other names.
            let counter = Counter(from: 100_000)
            var gateRates: [Double] = []
            var serviceRates: [Double] = []
            var submits: [Double] = []
            var approvals: [Double] = []
            var direct: [Double] = []
            var gateCPU: [Double] = []
            var serviceCPU: [Double] = []
            for round in 1...rounds {
                let quietBeforeGate = only == .services ? 0 : await settle()
                let gateStarted = processorSeconds()
                let (g, gl) =
                    only == .services
                    ? (0, [])
                    : try await measure(actors, counter: counter) { actor, i in
                        let t = DispatchTime.now().uptimeNanoseconds
                        _ = try await Self.send(
                            client, "POST", base + "/v1/births", token: actor.officer, purpose: "civil-status", body: Self.birth(actor.parent, i, today: today),
                            expect: 201, as: Answer.self)
                        return [Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6]
                    }
                gateCPU.append((processorSeconds() - gateStarted) / Double(max(gl.count, 1)) * 1e6)
                // Each round starts once the one before has finished its background work (`settle`).
                let quietBeforeServices = await settle()
                Self.say(
                    only == .services
                        ? String(format: "round %d: quiet after %.2f s", round, quietBeforeServices)
                        : String(
                            format: "round %d: quiet after %.2f s before the officers' births, %.2f s before the online ones", round, quietBeforeGate,
                            quietBeforeServices))
                let servicesStarted = processorSeconds()
                let (s, sl) = try await measure(actors, counter: counter) { actor, i in
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    // The notice's JSON is made once: the bench's own JSON writing is not the server's work.
                    let fields = BenchJSON.object(ServicesBirths.formFields(actor.parent, i, today: today).map { ($0.0, .text($0.1)) }).data
                    let form = Data(#"{"procedure":"birth-registration","fields":"#.utf8) + fields + Self.noticeJSON
                    let submitted = try await Self.send(
                        client, "POST", base + "/me/api/applications", token: actor.session, body: form, expect: 201, as: Answer.self)
                    guard let code = submitted.code else { throw ValidationError("no code in the answer") }
                    let t1 = DispatchTime.now().uptimeNanoseconds
                    let done = try await Self.send(
                        client, "POST", base + "/v1/applications/\(code)/steps/birth/decision", token: actor.officer, purpose: "public-service",
                        body: Data(#"{"decision":"approve"}"#.utf8), expect: 200, as: Answer.self)
                    guard done.status == "result-issued", done.subject != nil else {
                        throw ValidationError("application \(code) ended \(done.status ?? "?")")
                    }
                    let t2 = DispatchTime.now().uptimeNanoseconds
                    return [Double(t1 - t0) / 1e6, Double(t2 - t1) / 1e6]
                }
                serviceCPU.append((processorSeconds() - servicesStarted) / Double(max(sl.count, 1)) * 1e6)
                gateRates.append(g)
                serviceRates.append(s)
                direct += gl.map { $0[0] }
                submits += sl.map { $0[0] }
                approvals += sl.map { $0[1] }
                guard only == .both else {
                    Self.say(String(format: "round %d: submit + approve %.0f/s (%.0f µs of processor a birth)", round, s, serviceCPU[round - 1]))
                    continue
                }
                Self.say(
                    String(
                        format: "round %d: POST /v1/births %.0f/s (%.0f µs of processor a birth); submit + approve %.0f/s (%.0f µs) (%.2f)", round, g,
                        gateCPU[round - 1], s, serviceCPU[round - 1], s / g))
            }
            let g = percentile(gateRates, 0.5)
            let s = percentile(serviceRates, 0.5)
            if only == .both {
                Self.say(
                    String(
                        format:
                            "births over HTTP through public services (submit + approve, register change included): median %.0f/s beside %.0f/s by the officers' API (%.2f)",
                        s, g, s / g))
                Self.say(
                    String(
                        format: "processor time a birth, server and client together: median %.0f µs through public services, %.0f µs by the officers' API",
                        percentile(serviceCPU, 0.5), percentile(gateCPU, 0.5)))
                Self.say(
                    String(
                        format:
                            "latency over HTTP: submit median %.2f ms p99 %.2f ms; approve median %.2f ms p99 %.2f ms; POST /v1/births median %.2f ms p99 %.2f ms",
                        percentile(submits, 0.5), percentile(submits, 0.99), percentile(approvals, 0.5), percentile(approvals, 0.99), percentile(direct, 0.5),
                        percentile(direct, 0.99)))
            } else {
                // Without the officers' rounds there is no reference, so no ratio to print.
                Self.say(
                    String(
                        format:
                            "births over HTTP through public services alone: median %.0f/s, %.0f µs of processor a birth; "
                            + "submit median %.2f ms p99 %.2f ms; approve median %.2f ms p99 %.2f ms",
                        s, percentile(serviceCPU, 0.5), percentile(submits, 0.5), percentile(submits, 0.99), percentile(approvals, 0.5),
                        percentile(approvals, 0.99)))
            }
            await server.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    /// Parents of the register given what a citizen applying online has: a card, a level-2 eID account
    /// and a session; and an officer account for each of their wards, signed in.
    func prepare(_ platform: Platform, cards: CardOffice, eid: EIDService, me: CitizenSelfService, today: LocalDate) async throws -> [Actor] {
        let gate = platform.gate
        let candidates = try await ServicesBirths.parents(platform, today: today)
        // The most populous wards, as many as give `parents` parents: each officer's queue is a real
        // ward's, and no parent has more children than a family would (a birth rewrites the parent's
        // record, which names every child).
        var chosen: [ServicesBirths.Parent] = []
        for (_, inWard) in Dictionary(grouping: candidates, by: \.ward).sorted(by: { $0.value.count > $1.value.count }) where chosen.count < parents {
            chosen += inWard.prefix(parents - chosen.count)
        }
        let password = "bench password long enough"
        let face = try SyntheticFace.jpeg()
        var officers: [String: String] = [:]
        for ward in Set(chosen.map(\.ward)) {
            let username = "bench.http.\(ward)"
            if (try? await platform.services.accounts.officer(username)) == nil {
                _ = try await platform.services.accounts.add(
                    username: username, displayName: "Bench civil status \(ward)", role: .civilStatusOfficer, jurisdiction: "ward:\(ward)", password: password)
            }
            officers[ward] = try await platform.services.accounts.login(username: username, password: password).token
        }
        let officersOfWards = officers
        // A card, an account and a session for each parent, a few parents at a time (both cores busy).
        let actors = try await withThrowingTaskGroup(of: Actor?.self) { group in
            func ready(_ parent: ServicesBirths.Parent) async throws -> Actor? {
                if (try? await eid.account(parent.number.rawValue)) == nil {
                    do {
                        _ = try await cards.issueFirstCard(to: parent.number, face: face, grant: try await BenchGrants.cardIssue(gate, parent.number))
                    } catch CardError.invalid { return nil } catch CardError.conflict {}
                    _ = try await gate.eidAccountWork(.register, of: parent.number, for: BenchGrants.request(.citizenRequest)) { grant in
                        try await eid.registerInPerson(
                            parent.number, level: .level2, contact: try Contact(phone: "0900000003", email: nil), password: password, grant: grant)
                    }
                }
                let session = try await me.signIn(parent.number.rawValue, password: password, requestId: "bench-sign-in").token
                return officersOfWards[parent.ward].map { Actor(parent: parent, session: session, officer: $0) }
            }
            var pending = chosen[...]
            var done: [Actor] = []
            for _ in 0..<8 {
                guard let parent = pending.popFirst() else { break }
                group.addTask { try await ready(parent) }
            }
            while let actor = try await group.next() {
                if let actor { done.append(actor) }
                if let parent = pending.popFirst() { group.addTask { try await ready(parent) } }
            }
            return done
        }
        guard !actors.isEmpty else { throw ValidationError("no parent could be given a card and an eID") }
        return actors
    }

    func measure(_ actors: [Actor], counter: Counter, _ work: @escaping @Sendable (Actor, Int) async throws -> [Double]) async throws -> (Double, [[Double]]) {
        try await measureConcurrently(actors, workers: concurrency, seconds: seconds, counter: counter, work)
    }

    /// `,"attachments":[the birth notice]}`: the end of every submission's body.
    static let noticeJSON = Data(
        (#","attachments":[{"code":"birth-notice","mediaType":"application/pdf","fileName":"giay-chung-sinh.pdf","content":""#
            + Data(ServicesBirths.birthNotice.content).base64EncodedString() + #""}]}"#).utf8)

    /// A line written at once: on PostgreSQL the process has been seen to hang while exiting (a thread
    /// pool joined at exit), and print's buffer would be lost with it.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// What the bench reads of an application's answer; the rest of it is decoded past, not into
    /// dictionaries (the bench's client shares the server's two cores).
    struct Answer: Decodable {
        let code: String?
        let status: String?
        let subject: String?
    }

    /// One JSON request; its answer decoded as `T`, or an error naming the status and body.
    static func send<T: Decodable>(
        _ client: HTTPClient, _ method: String, _ url: String, token: String, purpose: String? = nil, body: Data, expect status: UInt, as: T.Type
    ) async throws -> T {
        var request = HTTPClientRequest(url: url)
        request.method = .RAW(value: method)
        request.headers.add(name: "Authorization", value: "Bearer " + token)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let purpose { request.headers.add(name: "DanCu-Purpose", value: purpose) }
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == status else {
            throw ValidationError("\(method) \(url): \(response.status.code) \(String(buffer: bytes).prefix(300))")
        }
        return try JSONDecoder().decode(T.self, from: Data(buffer: bytes))
    }

    static func waitUntilLive(_ client: HTTPClient, _ base: String) async throws {
        for _ in 0..<200 {
            if let response = try? await client.execute(HTTPClientRequest(url: base + "/health/live"), timeout: .seconds(1)), response.status.code == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ValidationError("the server did not start on \(base)")
    }

    /// The same child as `ServicesBirths.birth`, as the officers' API takes it.
    static func birth(_ parent: ServicesBirths.Parent, _ i: Int, today: LocalDate) -> Data {
        let c = ServicesBirths.child(parent, i, today: today)
        let here: [(String, BenchJSON)] = [
            ("country", .text("VNM")), ("unitList", .text("current")), ("provinceCode", .text(parent.province)), ("wardCode", .text(parent.ward)),
        ]
        let reference = BenchJSON.object([
            ("name", .text(parent.name.fullName)), ("personalNumber", .text(parent.number.rawValue)), ("nationality", .text("VNM")),
        ])
        return BenchJSON.object([
            ("name", .text(c.name)), ("sex", .text(i % 2 == 0 ? "male" : "female")), ("dateOfBirth", .text(c.born.description)),
            ("placeOfBirth", .object(here + [("detail", .text("Trạm y tế"))])), ("birthRegistrationPlace", .object(here)),
            ("ethnicity", .text("01")), ("religion", .text("none")), ("nationality", .text("VNM")),
            (parent.sex == .male ? "father" : "mother", reference),
        ]).data
    }
}
