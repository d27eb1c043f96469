import ArgumentParser
@_spi(Bench) import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTransparency
import Foundation
import Synchronization

/// Person reads through the gate, each appending its access-log entry, with the transparency log (a
/// leaf in the same transaction, a checkpoint signed every second) and without it: rounds alternate,
/// each on an access log of its own, so both see the same machine.
struct TransparencyAppends: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency-appends", abstract: "Gate reads per second with and without the transparency log's tree and checkpoints.")
    @Option var database: String
    @Option var seconds: Double = 5
    @Option var concurrency: Int = 64
    @Option var rounds: Int = 5
    @Option(help: "Only the rounds with the tree (tree) or without (plain), for a profiler.") var only: String?

    func run() async throws {
        let store = try StoreFactory.open(database)
        let register = Register(store: store)
        let numbers = try await sample(register, count: 20_000).map(\.personalNumber)
        guard !numbers.isEmpty else { throw ValidationError("the register is empty") }
        let request = AccessRequest(
            officer: Officer(username: "bench", displayName: "Bench", role: .centralOfficer, jurisdiction: .nation), purpose: .publicService,
            requestId: "bench")
        var rates: [String: [Double]] = [:]
        var processor: [String: [Double]] = [:]
        var checkpoints: [Int] = []
        for round in 1...rounds {
            for tree in [true, false] where only.map({ $0 == (tree ? "tree" : "plain") }) ?? true {
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-tl-bench-\(UUID().uuidString)")
                let logStore = try StoreFactory.open("sqlite:" + directory.appendingPathComponent("log.sqlite").path, for: .appendOnlyLog)
                let gate = tree ? Gate(register: register, logStore: logStore) : Gate(withoutTransparencyLog: register, logStore: logStore)
                try await gate.prepare()
                let signer = try requireSigner()
                let published = Checkpoints(
                    store: logStore, origin: "bench/transparency", signer: signer, entries: AccessLogEntries(), sequenced: gate.sequencedLeaves, now: { 0 })
                // As `dancu serve` does before it listens: from then on, integration takes the leaves the
                // requests worked out from memory instead of rebuilding them from their rows.
                if tree { try await published.publish() }
                // Stopped by a flag, not by cancellation: a publish cut short would not show what was left.
                let stop = Mutex(false)
                let publisher = Task {
                    var signed = 0
                    // One a second from start to start, as the server's publisher signs them.
                    var next = ContinuousClock.now
                    while !stop.withLock({ $0 }) {
                        if tree, try await published.publish() != nil { signed += 1 }
                        next = max(next.advanced(by: .seconds(1)), .now)
                        while !stop.withLock({ $0 }), ContinuousClock.now < next { try? await Task.sleep(for: .milliseconds(50)) }
                    }
                    return signed
                }
                let started = processorSeconds()
                let (reads, count) = try await Self.reads(numbers, seconds: seconds, workers: concurrency) {
                    _ = try await gate.storedPerson($0, for: request)
                }
                stop.withLock { $0 = true }
                let signed = try await publisher.value
                var backlog = ""
                if tree {
                    checkpoints.append(signed)
                    let (size, sequenced) = try await logStore.read { db in try TransparencyLog.counts(in: db) }
                    backlog = String(format: " (%d checkpoints; %lld of %lld leaves integrated when the reads stopped)", signed, size, sequenced)
                    // The reads have stopped, so one integration takes every leaf they left waiting.
                    try await published.publish()
                    let (bytes, leaves) = try await logStore.read { db in
                        (
                            try db.query("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'transparency%'").first?["bytes"].int ?? 0,
                            try TransparencyLog.counts(in: db).size
                        )
                    }
                    backlog += String(format: "; the tree's tables %.0f bytes a leaf", Double(bytes) / Double(max(leaves, 1)))
                }
                // Processor time, not the rate, is what the shared machine's neighbours move least; with the
                // tree it includes integrating the leaves the reads left waiting.
                let perRead = (processorSeconds() - started) / Double(max(count, 1)) * 1e6
                rates[tree ? "tree" : "plain", default: []].append(reads)
                processor[tree ? "tree" : "plain", default: []].append(perRead)
                print(
                    String(
                        format: "round %d, %@: %.0f reads/s, %.1f µs of processor a read", round, tree ? "with the tree and checkpoints" : "without the tree",
                        reads, perRead) + backlog)
                await logStore.close()
                try? FileManager.default.removeItem(at: directory)
            }
        }
        guard only == nil else { return }
        let tree = percentile(rates["tree"] ?? [], 0.5)
        let plain = percentile(rates["plain"] ?? [], 0.5)
        print(
            String(
                format: "gate reads with the transparency log: median %.0f/s (%d checkpoints a round, median); without: %.0f/s; ratio %.3f (target >= 0.9)",
                tree, checkpoints.sorted()[checkpoints.count / 2], plain, tree / plain))
        let treeCPU = percentile(processor["tree"] ?? [], 0.5)
        let plainCPU = percentile(processor["plain"] ?? [], 0.5)
        print(
            String(
                format: "processor time a read (median): %.1f µs with the tree, integration included; %.1f µs without; the tree's share %.1f µs (%.0f %%)",
                treeCPU, plainCPU, treeCPU - plainCPU, (treeCPU - plainCPU) / treeCPU * 100))
        await store.close()
    }

    static func reads(
        _ numbers: [PersonalNumber], seconds: Double, workers: Int, _ body: @escaping @Sendable (PersonalNumber) async throws -> Void
    ) async throws -> (perSecond: Double, count: Int) {
        let deadline = Date().addingTimeInterval(seconds)
        let started = Date()
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<workers {
                group.addTask {
                    var i = w * 7919
                    var done = 0
                    while Date() < deadline {
                        try await body(numbers[i % numbers.count])
                        i += 1
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        return (Double(count) / Date().timeIntervalSince(started), count)
    }
}

private func requireSigner() throws -> NoteSigner {
    guard let signer = NoteSigner.generate(name: "bench/transparency") else { throw ValidationError("no signer") }
    return signer
}

/// Inclusion proofs from a log of synthetic leaves grown to each size in turn (appended through the log's
/// own append, in transactions of 65,536): proofs per second and their p99 at each size, so how their
/// cost grows with the log shows.
struct TransparencyProofs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency-proofs", abstract: "Inclusion proofs per second and p99 from logs of the given sizes.")
    @Option var database: String
    @Option(parsing: .upToNextOption) var sizes: [Int64] = [1_000_000, 10_000_000]
    @Option var seconds: Double = 10
    @Option var concurrency: Int = 8

    func run() async throws {
        let store = try StoreFactory.open(database, for: .appendOnlyLog)
        try await Migrator.migrate(store, TransparencySchema.migrations)
        try await TransparencyLog.prepare(store)
        guard let signer = NoteSigner.generate(name: "bench/transparency") else { throw ValidationError("no signer") }
        let log = PublicLog(checkpoints: Checkpoints(store: store, origin: "bench/transparency", signer: signer, now: { 0 }))
        for size in sizes.sorted() {
            var held = try await store.read { db in try StoredTree.head(db).size }
            let growing = Date()
            let from = held
            while held < size {
                let count = Int(min(65_536, size - held))
                let first = held
                let leaves = try (first..<first + Int64(count)).map { try Leaf(entry: SyntheticEntries.entry($0)) }
                try await store.write { db in try TransparencyLog().append(leaves, in: db) }
                held += Int64(count)
            }
            if held > from {
                let took = Date().timeIntervalSince(growing)
                print(String(format: "grew the log from %lld to %lld leaves in %.1f s (%.0f appends/s)", from, held, took, Double(held - from) / took))
            }
            try await log.checkpoints.publish()
            let size = held
            let deadline = Date().addingTimeInterval(seconds)
            let started = Date()
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for w in 0..<concurrency {
                    group.addTask {
                        var generator = SplitMix64(seed: UInt64(w) &+ 1)
                        var own: [Double] = []
                        while Date() < deadline {
                            let index = Int64(generator.next() % UInt64(size))
                            let t = DispatchTime.now().uptimeNanoseconds
                            guard case .success(let proof) = try await log.inclusionProof(index: index, size: size), !proof.isEmpty else {
                                throw ValidationError("no proof of \(index) in \(size)")
                            }
                            own.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                        }
                        return own
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let elapsed = Date().timeIntervalSince(started)
            print(
                String(
                    format: "inclusion proofs at %lld leaves: %.0f/s with %d at once; median %.3f ms, p99 %.3f ms",
                    held, Double(latencies.count) / elapsed, concurrency, percentile(latencies, 0.5), percentile(latencies, 0.99)))
        }
        await store.close()
    }
}

/// The synthetic log's entries, made from their leaf index.
enum SyntheticEntries {
    static func entry(_ leaf: Int64) -> [UInt8] { Array("{\"synthetic\":\(leaf)}".utf8) }
}

/// What sealing one access-log entry costs, step by step, in one thread: the opening, the commitment, the
/// public entry and its leaf hash. The gate bench's rounds move by more than these steps cost, so a
/// change to them is measured here.
struct TransparencySeal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency-seal", abstract: "Nanoseconds each step of sealing one access-log entry takes, in one thread.")
    @Option var count: Int = 1_000_000

    func run() throws {
        let entry = AccessLogEntry(
            at: 1_765_000_000_000_000, requestId: "req-0123456789abcdef", actor: "bench", role: "central-officer", subject: "001085000105",
            action: "read", fields: ["record"], purpose: "public-service", decision: .allowed, legalBasis: "Luật Căn cước 2023, Điều 10")
        let openings = Openings()
        let opening = openings.next()
        let committed = entry.committedBytes
        let publicEntry = entry.publicEntry(opening: opening)
        var sink = 0
        func time(_ label: String, _ body: () throws -> Int) rethrows {
            let started = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<count { sink &+= try body() }
            print(String(format: "%@: %.0f ns", label, Double(DispatchTime.now().uptimeNanoseconds - started) / Double(count)))
        }
        time("an opening") { openings.next().count }
        time("the committed bytes") { entry.committedBytes.count }
        time("the commitment") { Commitment.commitment(opening: opening, to: committed).count }
        time("the public entry (\(publicEntry.count) bytes, its commitment included)") { entry.publicEntry(opening: opening).count }
        try time("the leaf hash") { try Leaf(entry: publicEntry).hash.count }
        print("(\(sink))")
    }
}
