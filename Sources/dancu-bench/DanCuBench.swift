import ArgumentParser
import DanCuCore
// The bench measures the register's raw reads as the reference the gate's cost is judged against.
@_spi(Gate) import DanCuRegister
import DanCuStore
import Foundation

/// In-process measurements of the register's read paths, for bench/register.sh.
@main
struct DanCuBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dancu-bench", abstract: "Measure register reads, search and card verification on an existing database.",
        subcommands: [
            Reads.self, ReadPath.self, Search.self, Micro.self, Cards.self, OIDC.self, Enumeration.self, ExchangeRequests.self, ExchangeSignatures.self,
            ExchangeDeliveries.self,
            ExchangeBatch.self, TransparencyAppends.self, TransparencyProofs.self, TransparencySeal.self, ServicesBirths.self, ServicesHTTP.self,
        ])

    struct Reads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reads by personal number per second, from concurrent readers.")
        @Option var database: String
        @Option var seconds: Double = 10
        @Option var concurrency: Int = 8

        func run() async throws {
            let register = Register(store: try StoreFactory.open(database))
            let numbers = try await sample(register, count: 20_000).map(\.personalNumber)
            guard !numbers.isEmpty else { throw ValidationError("the register is empty") }
            let deadline = Date().addingTimeInterval(seconds)
            let started = Date()
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var own: [Double] = []
                        var i = worker * 7919
                        while Date() < deadline {
                            let n = numbers[i % numbers.count]
                            i += 1
                            let t = DispatchTime.now().uptimeNanoseconds
                            _ = try await register.person(n)
                            own.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                        }
                        return own
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                return all
            }
            let elapsed = Date().timeIntervalSince(started)
            print(
                String(
                    format: "reads: %.0f/s over %.1f s, %d readers; latency median %.3f ms, p99 %.3f ms",
                    Double(latencies.count) / elapsed, elapsed, concurrency, percentile(latencies, 0.5), percentile(latencies, 0.99)))
            await register.store.close()
        }
    }

    struct Micro: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per-record costs of import's stages, on one NDJSON line.")
        @Argument var file: String

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            guard let line = text.split(separator: "\n").first else { throw ValidationError("empty file") }
            microImport(String(line), reference: .bundled)
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search latency for realistic queries (full names with birth year, name prefixes, ward).")
        @Option var database: String
        @Option var queries: Int = 3_000

        func run() async throws {
            let register = Register(store: try StoreFactory.open(database))
            let people = try await sample(register, count: queries)
            guard !people.isEmpty else { throw ValidationError("the register is empty") }
            var latencies: [Double] = []
            var hits = 0
            for (i, p) in people.enumerated() {
                let query: PersonSearch
                switch i % 4 {
                case 0: query = PersonSearch(name: p.name.fullName, birthYear: p.dateOfBirth.year)
                case 1: query = PersonSearch(name: p.name.fullName.uppercased())
                case 2: query = PersonSearch(name: p.name.family + " " + p.name.middle)
                default: query = PersonSearch(name: VietnameseName.fold(p.name.family), wardCode: p.residenceWardCode)
                }
                let t = DispatchTime.now().uptimeNanoseconds
                hits += try await register.search(query).hits.count
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            print(
                String(
                    format: "search: %d queries (20 results a page, %d hits); latency median %.3f ms, p99 %.3f ms",
                    latencies.count, hits, percentile(latencies, 0.5), percentile(latencies, 0.99)))
            await register.store.close()
        }
    }
}

/// Spread-out people of the register (every k-th by personal number), read once before timing.
func sample(_ register: Register, count: Int) async throws -> [Person] {
    let total = try await register.count()
    guard total > 0 else { return [] }
    let step = max(1, total / max(count, 1))
    var out: [Person] = []
    var after: String?
    while out.count < count {
        let page = try await register.records(after: after, limit: 10_000)
        guard let last = page.last else { break }
        for (i, row) in page.enumerated() where i % step == 0 { out.append(try PersonCodec.decodePerson(row.record)) }
        after = last.number
    }
    return Array(out.prefix(count))
}

func percentile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))]
}
