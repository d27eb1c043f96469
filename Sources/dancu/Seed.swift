import ArgumentParser
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill an empty register with a deterministic synthetic population.")
    @OptionGroup var db: PlatformOptions
    @Option(help: "How many people (at least this many; the last household is whole).") var people: Int = 10_000
    @Option(help: "The seed: the same seed gives the same people.") var seed: UInt64 = 1
    @Option(help: "People per transaction; larger batches write the random-ordered indexes faster.") var batch: Int = 50_000

    func validate() throws {
        guard people > 0 else { throw ValidationError("--people must be positive") }
        guard (1...100_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 100000") }
    }

    func run() async throws {
        let desk = try await SystemDesk.open(db, job: "seed")
        guard try await desk.register.count() == 0 else {
            await desk.close()
            throw ValidationError("the register at \(desk.register.store.location) is not empty; seed fills an empty register")
        }
        try await Self.fill(desk, people: people, seed: seed, batch: batch)
        await desk.close()
    }

    /// Fills an empty register with `people` synthetic people, batch by batch, with a progress bar.
    static func fill(_ desk: SystemDesk, people: Int, seed: UInt64, batch: Int = 50_000) async throws {
        let register = desk.register
        var generator = SyntheticPopulation(seed: seed, reference: register.reference, today: register.today())
        var progress = Progress(total: people, label: "seed")
        let recordedAt = WallClock.nowMicros()
        let made = try await desk.gate.bulkLoad(for: desk.request) {
            try await Self.load(desk, &generator, people: people, batch: batch, recordedAt: recordedAt, progress: &progress)
        }
        print("seeded \(made) people in \(String(format: "%.1f", progress.elapsed)) s into \(register.store.location)")
    }

    private static func load(
        _ desk: SystemDesk, _ generator: inout SyntheticPopulation, people: Int, batch: Int, recordedAt: Int64, progress: inout Progress
    ) async throws -> Int {
        let register = desk.register
        var made = 0
        var next = try Self.makeBatch(&generator, size: min(batch, people))
        while !next.people.isEmpty {
            let current = next
            made += current.people.count
            let entries = current.people.map { BulkEntry(index: $0.index, person: $0.person, record: $0.record, reference: register.reference) }
            async let written: [BulkRejection] = desk.gate.enter(
                entries, households: current.households, recordedAt: recordedAt,
                for: desk.request)
            next = made < people ? try Self.makeBatch(&generator, size: min(batch, people - made)) : Batch(people: [], households: [])
            let rejected = try await written
            guard rejected.isEmpty else { throw ValidationError("seed produced a duplicate number: \(rejected[0].reason)") }
            progress.update(made)
        }
        progress.finish(made)
        return made
    }

    struct Batch: Sendable {
        var people: [(index: Int, person: Person, record: String)]
        var households: [Household]
    }

    static func makeBatch(_ generator: inout SyntheticPopulation, size: Int) throws -> Batch {
        var batch = Batch(people: [], households: [])
        while batch.people.count < size {
            var (people, household) = try generator.nextHousehold()
            // Exactly `size` people: the last household is cut to what fits, and lists only who was kept.
            if batch.people.count + people.count > size {
                people = Array(people.prefix(size - batch.people.count))
                let kept = Set(people.map(\.personalNumber))
                if var cut = household {
                    cut.members = cut.members.filter { kept.contains($0.personalNumber) }
                    household = kept.contains(cut.head) ? cut : nil
                }
                if household == nil {
                    people = people.map {
                        var p = $0
                        p.householdId = nil
                        p.relationshipToHead = nil
                        return p
                    }
                }
            }
            for p in people {
                batch.people.append((batch.people.count, p, PersonJSONWriter.encode(p)))
            }
            if let household { batch.households.append(household) }
        }
        return batch
    }
}
