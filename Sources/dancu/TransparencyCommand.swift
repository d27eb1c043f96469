import ArgumentParser
import AsyncHTTPClient
import DanCuApp
import DanCuCore
import DanCuTransparency
import DanCuWeb
import Foundation

/// The transparency log from the outside (monitor, witness) and from the inside (the operator's audit,
/// key rotation). docs/transparency.md says who runs which.
struct TransparencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency", abstract: "Verify, witness and keep the transparency log of every access to personal data.",
        subcommands: [Verify.self, Cosign.self, WitnessKey.self, RotateKey.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the log: over HTTP as a monitor (--url), or in the database as its operator (--data-dir / --database).",
            discussion:
                "With --url: checks the checkpoint's signature against the key pinned at the first run, consistency with the checkpoint seen last (kept in --state), and every entry since. With the data directory: checks every entry, tile and row of the logs against the last signed checkpoint. Exits 1 with the reason on any split view, rewrite or edit."
        )
        @OptionGroup var settings: PlatformOptions
        @Option(help: "The server (https://host) or the log's prefix (…/transparency) to monitor.") var url: String?
        @Option(help: "The monitor's state file: the key pinned and the checkpoint seen last (default ./transparency-monitor.json).")
        var state: String = "transparency-monitor.json"
        @Option(help: "The log's vkey to pin on the first run (default: the one the log serves then).") var vkey: String?

        func run() async throws {
            if let url {
                let (_, checkpoint, _) = try await TransparencyCommand.monitor(url: url, statePath: state, vkey: vkey)
                Console.line("verified: \(checkpoint.origin) at \(checkpoint.size) entries, consistent with what \(state) held")
                return
            }
            try await settings.withPlatform { platform in
                guard let log = platform.services.transparency else { throw ValidationError("this installation has no transparency log") }
                let report = try await LogAudit(log: log, withMessageLog: platform.exchange != nil).run()
                guard report.isClean else {
                    for problem in report.problems { Console.line("TAMPERED: \(problem)") }
                    if report.unshown > 0 { Console.line("… and \(report.unshown) more") }
                    throw ExitCode(1)
                }
                Console.line(
                    "verified: \(report.size) entries, each from its row of the access or message log; the last checkpoint (\(report.checkpointSize ?? 0) entries) holds"
                )
            }
        }
    }

    struct Cosign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Act as a witness: verify the log's newest checkpoint as a monitor does, then cosign it (C2SP tlog-cosignature) and hand it in.")
        @Option(help: "The server (https://host) or the log's prefix (…/transparency).") var url: String
        @Option(help: "The witness's key file (made by `dancu transparency witness-key`).") var key: String
        @Option(help: "The witness's name, as in its vkey.") var name: String
        @Option(help: "The witness's state file (default ./transparency-witness.json).") var state: String = "transparency-witness.json"
        @Option(help: "The log's vkey to pin on the first run (default: the one the log serves then).") var vkey: String?

        func run() async throws {
            let signer = try TransparencyCommand.witness(key, name: name)
            let (note, checkpoint, kept) = try await TransparencyCommand.monitor(url: url, statePath: state, vkey: vkey, save: false)
            var cosigned = note
            cosigned.signatures.removeAll { $0.name == signer.verifier.name && $0.keyID == signer.verifier.keyID }
            let now = UInt64(CivilClock.system.nowMicros() / 1_000_000)
            cosigned.signatures.append(try Cosignature.sign(note.text, time: now, by: signer))
            try await TransparencyCommand.withClient { client in try await LogMonitor(url: url, client: client).submitCosignature(cosigned) }
            try TransparencyCommand.save(kept, to: state)
            Console.line("cosigned: \(checkpoint.origin) at \(checkpoint.size) entries")
        }
    }

    struct WitnessKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "witness-key", abstract: "Make a witness's key file (if there is none) and print its vkey for the log's transparencyWitnesses.")
        @Option(help: "The key file.") var key: String
        @Option(help: "The witness's name: a schema-less URL such as witness.example.vn/w1.") var name: String

        func run() async throws {
            if !FileManager.default.fileExists(atPath: key) {
                guard let signer = NoteSigner.generate(name: name, kind: .cosignature) else { throw ValidationError("'\(name)' cannot name a key") }
                guard
                    FileManager.default.createFile(
                        atPath: key, contents: Data((Data(signer.privateKey).base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
                else { throw ValidationError("cannot write \(key)") }
            }
            Console.line(try TransparencyCommand.witness(key, name: name).verifier.vkey)
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Make a new checkpoint signing key; the old one keeps signing beside it until --retire-previous.")
        @OptionGroup var settings: PlatformOptions
        @Flag(help: "Stop signing with the previous key.") var retirePrevious = false

        func run() async throws {
            let configuration = try await settings.configuration()
            let keys = TransparencyKeys(dataDirectory: configuration.dataDirectory)
            if retirePrevious {
                try keys.retirePrevious()
                Console.line("the previous key no longer signs")
                return
            }
            _ = try keys.signers(origin: configuration.transparencyOrigin)
            Console.line("new key: \(try keys.rotate(origin: configuration.transparencyOrigin).verifier.vkey) (restart the server to sign with it)")
        }
    }

    static func witness(_ path: String, name: String) throws -> NoteSigner {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let seed = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let signer = NoteSigner(name: name, kind: .cosignature, privateKey: Array(seed))
        else { throw ValidationError("\(path) does not hold a witness key for '\(name)'") }
        return signer
    }

    static func monitor(url: String, statePath: String, vkey: String?, save: Bool = true) async throws -> (SignedNote, Checkpoint, LogMonitor.State) {
        var state: LogMonitor.State?
        if FileManager.default.fileExists(atPath: statePath) {
            guard let data = FileManager.default.contents(atPath: statePath), let kept = try? JSONDecoder().decode(LogMonitor.State.self, from: data) else {
                throw ValidationError("\(statePath) is not a monitor's state file")
            }
            state = kept
        }
        let result: (note: SignedNote, checkpoint: Checkpoint, state: LogMonitor.State)
        do {
            result = try await withClient { client in try await LogMonitor(url: url, client: client).check(state: state, vkey: vkey) }
        } catch let failure as LogMonitor.Failure {
            Console.line("FAILED: \(failure)")
            throw ExitCode(1)
        }
        if save { try Self.save(result.state, to: statePath) }
        return (result.note, result.checkpoint, result.state)
    }

    static func save(_ state: LogMonitor.State, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard FileManager.default.createFile(atPath: path, contents: try encoder.encode(state)) else { throw ValidationError("cannot write \(path)") }
    }

    static func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
