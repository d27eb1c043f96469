import ArgumentParser
import DanCuAccess
import DanCuRegister
import Foundation

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write every person as NDJSON, in personal-number order.")
    @OptionGroup var db: PlatformOptions
    @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

    func run() async throws {
        let desk = try await SystemDesk.open(db, job: "export")
        let out: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let h = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output)")
            }
            out = h
        } else {
            out = FileHandle.standardOutput
        }
        let total = try await desk.register.count()
        var progress = Progress(total: total, label: "export")
        var after: String?
        var written = 0
        while true {
            let page = try await desk.gate.export(after: after, limit: 10_000, for: desk.request)
            guard let last = page.last else { break }
            var chunk = Data()
            for (_, record) in page {
                chunk.append(contentsOf: record.utf8)
                chunk.append(10)
            }
            try out.write(contentsOf: chunk)
            written += page.count
            after = last.number
            progress.update(written)
        }
        progress.finish(written)
        try out.close()
        await desk.close()
    }
}
