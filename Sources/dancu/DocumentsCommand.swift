import ArgumentParser
import DanCuQR
import Foundation

/// DanCu's signed documents from the command line: draw a text as the QR code the documents carry.
struct DocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "Signed result documents: their QR codes.", subcommands: [QR.self])

    struct QR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qr", abstract: "Draw a text (a document's compact JWS) as a QR code, PNG or SVG.")
        @Argument(help: "The text; - reads it from standard input.") var text: String
        @Option(help: "The file to write; .svg writes SVG, anything else PNG.") var out: String
        @Option(help: "Error correction: L, M, Q or H.") var correction: String = "M"
        @Option(help: "Pixels a module, for PNG.") var scale: Int = 4
        @Flag(help: "With -, draw each line of standard input: OUT is then a directory of 1.png, 2.png, …") var eachLine = false

        func run() async throws {
            let levels: [String: QRCode.Correction] = ["L": .low, "M": .medium, "Q": .quartile, "H": .high]
            guard let level = levels[correction.uppercased()] else { throw ValidationError("--correction must be L, M, Q or H") }
            guard (1...40).contains(scale) else { throw ValidationError("--scale must be from 1 to 40") }
            if eachLine {
                guard text == "-" else { throw ValidationError("--each-line reads the texts from standard input: give - as the text") }
                let lines = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                for (i, line) in lines.enumerated() where !line.isEmpty {
                    try draw(String(line), level: level, to: URL(fileURLWithPath: out).appendingPathComponent("\(i + 1).png").path)
                }
                return
            }
            var content = text
            if text == "-" {
                content = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                if content.hasSuffix("\n") { content.removeLast() }
            }
            try draw(content, level: level, to: out)
        }

        func draw(_ content: String, level: QRCode.Correction, to out: String) throws {
            let code: QRCode
            do { code = try QRCode(text: content, correction: level) } catch let error as QRCode.Failure { throw ValidationError("\(error)") }
            let bytes = out.lowercased().hasSuffix(".svg") ? Array(code.svg().utf8) : code.png(scale: scale)
            do { try Data(bytes).write(to: URL(fileURLWithPath: out)) } catch {
                throw ValidationError("cannot write \(out): \(error.localizedDescription)")
            }
            print("version \(code.version), mask \(code.mask), \(code.size)×\(code.size) modules → \(out)")
        }
    }
}
