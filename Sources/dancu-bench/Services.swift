import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuRegister
import DanCuServices
import DanCuWeb
import Foundation
import Synchronization

/// Birth registrations (procedure 14) through public services, submitted by parents and approved by
/// the civil-status officer of their ward, beside the same births registered straight through the gate
/// (the officers' API path), in alternating rounds.
struct ServicesBirths: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services-births",
        abstract: "Complete birth registrations per second through public services (submit, approve) beside births straight through the gate.")
    @Option var database: String
    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var seconds: Double = 5
    @Option var rounds: Int = 3
    @Option var concurrency: Int = 16

    struct Parent: Sendable {
        let number: PersonalNumber
        let ward: String
        let province: String
        let sex: Sex
        let name: VietnameseName
    }

    /// The birth notice every application carries: 64 KiB that begin as a PDF does, about one scanned page.
    static let birthNotice = AttachmentUpload(
        code: "birth-notice", content: Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 64 * 1_024 - 9), fileName: "giay-chung-sinh.pdf")

    func run() async throws {
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory))
        guard let desk = platform.services.publicServices else { throw ValidationError("no public services") }
        let today = platform.gate.clock.today()
        let parents = try await Self.parents(platform, today: today)
        guard parents.count >= 100 else { throw ValidationError("too few parents in the register (\(parents.count))") }
        let counter = Counter()
        print("parents: \(parents.count); \(concurrency) at once; \(rounds) rounds of \(seconds) s each way")
        var gateRates: [Double] = []
        var serviceRates: [Double] = []
        var submits: [Double] = []
        var approvals: [Double] = []
        var direct: [Double] = []
        // The access log's outbox swept in the background while the births run, as a server does.
        let relaying = Task {
            while !Task.isCancelled {
                try? await platform.gate.sweepAccessLogOutbox()
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        defer { relaying.cancel() }
        for round in 1...rounds {
            let quietBeforeGate = await settle()
            let (g, gl) = try await measure(parents: parents, counter: counter) { parent, i in
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try await platform.gate.registerBirth(
                    Self.birth(parent, i, today: today), idempotency: nil, for: Self.officer(parent.ward, "bench-direct-\(i)"))
                return [Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6]
            }
            let quietBeforeServices = await settle()
            print(
                String(
                    format: "round %d: quiet after %.2f s before the gate's births, %.2f s before the services' ones", round, quietBeforeGate,
                    quietBeforeServices))
            let (s, sl) = try await measure(parents: parents, counter: counter) { parent, i in
                let t0 = DispatchTime.now().uptimeNanoseconds
                let citizen = AccessRequest(
                    officer: Officer(username: parent.number.rawValue, displayName: "bench", role: .citizen, jurisdiction: .nation),
                    purpose: .publicService, requestId: "bench-submit-\(i)")
                let code = try await desk.submit(
                    "birth-registration", form: Self.form(parent, i, today: today), attachments: [Self.birthNotice], eidLevel: 2, idempotencyKey: nil,
                    for: citizen
                )
                .value.application.code
                let t1 = DispatchTime.now().uptimeNanoseconds
                let done = try await desk.decide(.approve, step: "birth", of: code, for: Self.officer(parent.ward, "bench-approve-\(i)"))
                guard done.status == .resultIssued, done.subject != nil else { throw ValidationError("application \(code) ended \(done.status)") }
                let t2 = DispatchTime.now().uptimeNanoseconds
                return [Double(t1 - t0) / 1e6, Double(t2 - t1) / 1e6]
            }
            gateRates.append(g)
            serviceRates.append(s)
            direct += gl.map { $0[0] }
            submits += sl.map { $0[0] }
            approvals += sl.map { $0[1] }
            print(String(format: "round %d: through the gate %.0f/s; through public services %.0f/s (%.2f)", round, g, s, s / g))
        }
        let g = percentile(gateRates, 0.5)
        let s = percentile(serviceRates, 0.5)
        print(
            String(
                format:
                    "births through public services (submit + approve, register change included): median %.0f/s beside %.0f/s straight through the gate (%.2f)",
                s, g, s / g))
        print(
            String(
                format: "latency: submit median %.2f ms p99 %.2f ms; approve median %.2f ms p99 %.2f ms; gate's birth median %.2f ms p99 %.2f ms",
                percentile(submits, 0.5), percentile(submits, 0.99), percentile(approvals, 0.5), percentile(approvals, 0.99), percentile(direct, 0.5),
                percentile(direct, 0.99)))
        try await Self.timeFigures(desk, today: today)
        await platform.close()
    }

    /// The month's figures as the leaders' dashboard asks for them (the whole country by province, and
    /// one province by ward), after the rounds' births: their cost follows the wards and procedures with
    /// applications, not the applications.
    ///
    /// The province is the one with the most applications: the rounds take parents in the order of their
    /// personal numbers, so which provinces they reach varies with the machine's pace.
    static func timeFigures(_ desk: ServiceDesk, today: LocalDate) async throws {
        let month = String(today.description.prefix(7))
        let nation = Officer(username: "bench.central", displayName: "bench", role: .centralOfficer, jurisdiction: .nation)
        var busiest = "01"
        for byProvince in [true, false] {
            let officer =
                byProvince ? nation : Officer(username: "bench.province", displayName: "bench", role: .provinceOfficer, jurisdiction: .province(busiest))
            var times: [Double] = []
            var figures: [ServiceFigure] = []
            for i in 0..<20 {
                let t = DispatchTime.now().uptimeNanoseconds
                figures = try await desk.figures(
                    month: month, procedure: nil, byProvince: byProvince, for: AccessRequest(officer: officer, purpose: nil, requestId: "bench-figures-\(i)"))
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            print(
                String(
                    format: "figures of %@ for %@ by %@: %d applications in %d rows, median %.2f ms", month, officer.jurisdiction.description,
                    byProvince ? "province" : "ward", figures.map(\.received).reduce(0, +), figures.count, percentile(times, 0.5)))
            if byProvince, let most = figures.max(by: { $0.received < $1.received }) { busiest = most.area }
        }
    }

    /// People of the register of an age to be parents, living in a ward of the current list.
    static func parents(_ platform: Platform, today: LocalDate) async throws -> [Parent] {
        try await sample(platform.register, count: 40_000).compactMap { p in
            let age = p.dateOfBirth.age(on: today)
            guard p.isAlive, (18...45).contains(age), let ward = p.permanentResidence?.place.wardCode, p.permanentResidence?.place.unitList == .current,
                let province = platform.register.reference.units.ward(ward)?.provinceCode
            else { return nil }
            return Parent(number: p.personalNumber, ward: ward, province: province, sex: p.sex, name: p.name)
        }
    }

    func measure(parents: [Parent], counter: Counter, _ work: @escaping @Sendable (Parent, Int) async throws -> [Double]) async throws -> (Double, [[Double]]) {
        try await measureConcurrently(parents, workers: concurrency, seconds: seconds, counter: counter, work)
    }

    static func officer(_ ward: String, _ requestId: String) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: "bench.tp.\(ward)", displayName: "bench", role: .civilStatusOfficer, jurisdiction: .ward(ward)),
            purpose: .publicService, requestId: requestId)
    }

    static let middles = ["Văn", "Thị", "Minh", "Hữu", "Đức", "Ngọc", "Thanh", "Quang"]
    static let givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Trang", "Uyên", "Vy"]

    /// The child of the run's `i`th birth: a name and birth day of its own for each of the first 122,880
    /// births of a run, so that no birth is taken for a repeat of another (the register refuses a
    /// second birth of one name and day to one parent, whichever of a couple registers it).
    static func child(_ parent: Parent, _ i: Int, today: LocalDate) -> (name: String, born: LocalDate) {
        let family = parent.name.family.isEmpty ? "Nguyễn" : parent.name.family
        let given = givens[(i / middles.count) % givens.count] + " " + givens[(i / (middles.count * givens.count)) % givens.count]
        let name = "\(family) \(middles[i % middles.count]) \(given)"
        return (name, today.adding(days: -(i / (middles.count * givens.count * givens.count)) % 60))
    }

    static func form(_ parent: Parent, _ i: Int, today: LocalDate) -> [String: any Sendable] {
        Dictionary(uniqueKeysWithValues: formFields(parent, i, today: today))
    }

    /// The same form as text fields, in order.
    static func formFields(_ parent: Parent, _ i: Int, today: LocalDate) -> [(String, String)] {
        let c = child(parent, i, today: today)
        return [
            ("childName", c.name), ("childSex", i % 2 == 0 ? "male" : "female"), ("childBirthDate", c.born.description), ("placeOfBirth", "Trạm y tế"),
            ("childEthnicity", "01"), ("parentRole", parent.sex == .male ? "father" : "mother"),
        ]
    }

    static func birth(_ parent: Parent, _ i: Int, today: LocalDate) throws -> BirthRegistration {
        let c = child(parent, i, today: today)
        let here = Place(provinceCode: parent.province, wardCode: parent.ward)
        let reference = PersonReference(name: parent.name, personalNumber: parent.number)
        return BirthRegistration(
            name: try VietnameseName(c.name), sex: i % 2 == 0 ? .male : .female, dateOfBirth: c.born,
            placeOfBirth: Place(provinceCode: here.provinceCode, wardCode: parent.ward, detail: "Trạm y tế"), birthRegistrationPlace: here,
            father: parent.sex == .male ? reference : nil, mother: parent.sex == .female ? reference : nil)
    }
}

/// Runs `work` from `workers` concurrent tasks for `seconds`, each on the next item in turn; answers
/// completions per second and each completion's latencies.
func measureConcurrently<Item: Sendable>(
    _ items: [Item], workers: Int, seconds: Double, counter: Counter, _ work: @escaping @Sendable (Item, Int) async throws -> [Double]
) async throws -> (Double, [[Double]]) {
    let deadline = Date().addingTimeInterval(seconds)
    let started = Date()
    let all = try await withThrowingTaskGroup(of: [[Double]].self) { group in
        for _ in 0..<workers {
            group.addTask {
                var own: [[Double]] = []
                while Date() < deadline {
                    let i = counter.next()
                    own.append(try await work(items[i % items.count], i))
                }
                return own
            }
        }
        var out: [[Double]] = []
        for try await part in group { out += part }
        return out
    }
    return (Double(all.count) / Date().timeIntervalSince(started), all)
}

/// Hands out `from`, `from + 1`, … to concurrent workers.
final class Counter: Sendable {
    private let value: Mutex<Int>

    init(from start: Int = 0) { value = Mutex(start) }

    func next() -> Int {
        value.withLock { v in
            defer { v += 1 }
            return v
        }
    }
}

/// The processor time this process has used so far (user and system, all threads), in seconds: with
/// the server and its clients in one process, a round's share divided by its births is what a birth
/// costs, a figure the shared machine's noise moves far less than the rates.
func processorSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
        let who = RUSAGE_SELF.rawValue
    #else
        let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return 0 }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Waits until this process is quiet (under a twentieth of a core for a quarter of a second; at most
/// `limit` seconds) and answers the seconds waited. A round of many births leaves background work behind
/// it (the transparency log's integration, the outbox's relay, the WAL's checkpoints); without the wait
/// the next round does it, on its own clock and on its own processor time.
func settle(limit: Double = 20) async -> Double {
    let started = Date()
    while Date().timeIntervalSince(started) < limit {
        let before = processorSeconds()
        try? await Task.sleep(for: .milliseconds(250))
        if processorSeconds() - before < 0.25 / 20 { break }
    }
    return Date().timeIntervalSince(started)
}
