import ArgumentParser
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import people from NDJSON (one person record per line, as `export` writes).",
        discussion: "Every line is validated; each bad line is reported with its number, field and reason, and the good lines are imported whole. Exits 1 if any line was bad.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The NDJSON file, or - for standard input.") var file: String
    @Option(help: "People per transaction.") var batch: Int = 5_000

    func run() async throws {
        let register = try await db.openRegister()
        let input: FileHandle
        if file == "-" {
            input = FileHandle.standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot read \(file)") }
            input = handle
        }
        let validator = RecordValidator(reference: register.reference)
        var pending: [(index: Int, person: Person, record: String)] = []
        var imported = 0
        var bad = 0
        var progress = Progress(total: 0, label: "import")
        let recordedAt = WallClock.nowMicros()
        func report(_ line: Int, _ field: String, _ reason: String) {
            bad += 1
            FileHandle.standardError.write(Data("line \(line): \(field): \(reason)\n".utf8))
        }
        func flush() async throws {
            guard !pending.isEmpty else { return }
            let rejected = try await register.enter(pending, officer: "system:import", recordedAt: recordedAt)
            for r in rejected { report(r.index, r.field, r.reason) }
            imported += pending.count - rejected.count
            pending.removeAll(keepingCapacity: true)
            progress.update(imported)
        }
        for try await (number, line) in LineReader(handle: input) {
            if line.allSatisfy(\.isWhitespace) { continue }
            switch validator.check(line) {
            case .success(let (person, record)): pending.append((number, person, record))
            case .failure(let problem): report(number, problem.field, problem.detail)
            }
            if pending.count >= batch { try await flush() }
        }
        try await flush()
        progress.finish(imported)
        print("imported \(imported) people, rejected \(bad) lines, in \(String(format: "%.1f", progress.elapsed)) s")
        await register.store.close()
        if bad > 0 { throw ExitCode(1) }
    }
}

/// Reads a file line by line in large chunks, numbering lines from 1.
struct LineReader: AsyncSequence {
    typealias Element = (Int, String)
    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        var buffer: [UInt8] = []
        var position = 0
        var lineNumber = 0
        var finished = false

        mutating func next() async throws -> (Int, String)? {
            while true {
                if let end = buffer[position...].firstIndex(of: 10) {
                    let line = String(decoding: buffer[position..<end], as: UTF8.self)
                    position = end + 1
                    lineNumber += 1
                    return (lineNumber, line)
                }
                if finished {
                    guard position < buffer.count else { return nil }
                    let line = String(decoding: buffer[position...], as: UTF8.self)
                    position = buffer.count
                    lineNumber += 1
                    return (lineNumber, line)
                }
                buffer.removeFirst(position)
                position = 0
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}
