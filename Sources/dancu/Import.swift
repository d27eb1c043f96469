import ArgumentParser
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import people from NDJSON (one person record per line, as `export` writes).",
        discussion:
            "Every line is validated; each bad line is reported with its number, field and reason, and the good lines are imported whole. Exits 1 if any line was bad."
    )
    @OptionGroup var db: PlatformOptions
    @Argument(help: "The NDJSON file, or - for standard input.") var file: String
    @Option(help: "People per transaction.") var batch: Int = 5_000

    func validate() throws {
        guard (1...50_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 50000") }
    }

    func run() async throws {
        let desk = try await SystemDesk.open(db, job: "import")
        let register = desk.register
        let input: FileHandle
        if file == "-" {
            input = FileHandle.standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot read \(file)") }
            input = handle
        }
        let validator = RecordValidator(reference: register.reference)
        var imported = 0
        var bad = 0
        var progress = Progress(total: 0, label: "import")
        let recordedAt = WallClock.nowMicros()
        func report(_ line: Int, _ field: String, _ reason: String) {
            bad += 1
            FileHandle.standardError.write(Data("line \(line): \(field): \(reason)\n".utf8))
        }
        // Validation of one chunk (on every core) overlaps the database writes of the chunks before. Two
        // chunks are written at once: on PostgreSQL on two connections, so the server's work spreads over
        // two backends; on SQLite the register has one writer, and the second chunk's access-log entries
        // (another file, appended before its people) are written while the first chunk's people are.
        // A chunk's problems are reported once its write is done, merged with the write's refusals, and
        // chunks finish in order, so lines are reported in order.
        let writers = 2
        var pending: [(write: Task<[BulkRejection], any Error>?, written: Int, problems: [(line: Int, field: String, reason: String)])] = []
        func finishOldest() async throws {
            guard !pending.isEmpty else { return }
            let oldest = pending.removeFirst()
            var problems = oldest.problems
            if let write = oldest.write {
                let rejected = try await write.value
                imported += oldest.written - rejected.count
                problems += rejected.map { ($0.index, $0.field, $0.reason) }
                progress.update(imported)
            }
            for p in problems.sorted(by: { $0.line < $1.line }) { report(p.line, p.field, p.reason) }
        }
        try await desk.gate.bulkLoad(for: desk.request) {
            var chunk: [(Int, String)] = []
            var lines = LineReader(handle: input).makeAsyncIterator()
            var exhausted = false
            while !exhausted {
                chunk.removeAll(keepingCapacity: true)
                var chunkProblems: [(line: Int, field: String, reason: String)] = []
                while chunk.count < batch {
                    guard let (number, content) = try await lines.next() else {
                        exhausted = true
                        break
                    }
                    switch content {
                    case .text(let line): if !line.allSatisfy(\.isWhitespace) { chunk.append((number, line)) }
                    case .tooLong: chunkProblems.append((number, "record", "the line is longer than \(LineReader.maximumLineBytes) bytes"))
                    case .notUTF8: chunkProblems.append((number, "record", "the line is not valid UTF-8"))
                    }
                }
                let checked = await Self.check(chunk, with: validator)
                var good: [BulkEntry] = []
                good.reserveCapacity(checked.count)
                for (number, result) in checked {
                    switch result {
                    case .success(let entry): good.append(entry)
                    case .failure(let problem): chunkProblems.append((number, problem.field, problem.detail))
                    }
                }
                while pending.count >= writers { try await finishOldest() }
                let batchToWrite = good
                let write = good.isEmpty ? nil : Task { try await Self.enter(batchToWrite, into: desk, recordedAt: recordedAt) }
                pending.append((write, good.count, chunkProblems))
            }
            while !pending.isEmpty { try await finishOldest() }
        }
        progress.finish(imported)
        print("imported \(imported) people, rejected \(bad) lines, in \(String(format: "%.1f", progress.elapsed)) s")
        await desk.close()
        if bad > 0 { throw ExitCode(1) }
    }
}

extension Import {
    /// One chunk's bulk entry. Two chunks written at once can hold the same personal number: the later
    /// commit then fails on the key, and the chunk is entered again, when the other's rows are there to
    /// be found and refused as duplicates like any other.
    static func enter(_ entries: [BulkEntry], into desk: SystemDesk, recordedAt: Int64) async throws -> [BulkRejection] {
        var attempt = 1
        while true {
            do {
                return try await desk.gate.enter(entries, recordedAt: recordedAt, for: desk.request)
            } catch StoreError.uniqueViolation where attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Checks lines in parallel slices, one per core, keeping their order; each good line becomes the
    /// rows bulk entry writes, on the same core.
    static func check(_ lines: [(Int, String)], with validator: RecordValidator) async -> [(Int, Result<BulkEntry, RuleViolation>)] {
        let slices = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = (lines.count + slices - 1) / max(slices, 1)
        guard size > 0 else { return [] }
        let reference = validator.reference
        return await withTaskGroup(of: (Int, [(Int, Result<BulkEntry, RuleViolation>)]).self) { group in
            for (i, start) in stride(from: 0, to: lines.count, by: size).enumerated() {
                let slice = Array(lines[start..<min(start + size, lines.count)])
                group.addTask {
                    (
                        i,
                        slice.map { line in
                            (line.0, validator.check(line.1).map { BulkEntry(index: line.0, person: $0.0, record: $0.1, reference: reference) })
                        }
                    )
                }
            }
            var parts: [(Int, [(Int, Result<BulkEntry, RuleViolation>)])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
