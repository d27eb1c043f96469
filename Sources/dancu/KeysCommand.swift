import ArgumentParser
import DanCuCard
import Foundation
import X509

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The card signing keys: the country signing CA and its Document Signers.",
        subcommands: [CSCA.self, DS.self, List.self])

    struct KeyOptions: ParsableArguments {
        @Option(name: .customLong("data-dir"), help: "The data directory (or $DANCU_DATA_DIR; default ./dancu-data).")
        var dataDirectory: String?

        func store() throws -> CardKeyStore {
            let dir = dataDirectory ?? ProcessInfo.processInfo.environment["DANCU_DATA_DIR"] ?? "./dancu-data"
            do { return try CardKeyStore(dataDirectory: dir) } catch { throw ValidationError("\(error)") }
        }
    }

    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as CardKeyStore.KeyStoreError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func describe(_ signer: CardSigner) -> String {
        let c = signer.certificate
        return "\(c.subject) valid \(c.notValidBefore.formatted(.iso8601)) to \(c.notValidAfter.formatted(.iso8601)), serial \(c.serialNumber)"
    }

    struct CSCA: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "csca", abstract: "The country signing CA.", subcommands: [Init.self])

        struct Init: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create the CSCA (once).")
            @OptionGroup var options: KeyOptions
            @Option(help: "Years of validity.") var years: Int = 15

            func run() throws {
                guard (1...30).contains(years) else { throw ValidationError("--years must be between 1 and 30") }
                let store = try options.store()
                try KeysCommand.run { print("CSCA: " + KeysCommand.describe(try store.initCSCA(years: years))) }
            }
        }
    }

    struct DS: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ds", abstract: "Document Signers.", subcommands: [Issue.self])

        struct Issue: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue a Document Signer under the CSCA.")
            @OptionGroup var options: KeyOptions
            @Option(help: "Days of validity.") var days: Int = 90

            func run() throws {
                guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
                let store = try options.store()
                try KeysCommand.run { print("Document Signer: " + KeysCommand.describe(try store.issueDocumentSigner(days: days))) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the CSCA and the Document Signers.")
        @OptionGroup var options: KeyOptions

        func run() throws {
            let store = try options.store()
            try KeysCommand.run {
                print("CSCA: " + KeysCommand.describe(try store.csca()))
                for ds in try store.documentSigners() { print("DS: " + KeysCommand.describe(ds)) }
            }
        }
    }
}
