import ArgumentParser
import DanCuAccess
import DanCuCard
import DanCuEID
import DanCuStore
import Foundation

struct EIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eid", abstract: "eID accounts: the outbox of one-time codes.",
        subcommands: [Outbox.self])

    /// The messages waiting for the SMS or e-mail gateway. A deployment's gateway worker sends them and
    /// marks them sent; on a demo machine, read the code here.
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the one-time codes waiting for the SMS or e-mail gateway.")
        @OptionGroup var options: OIDCCommand.Options
        @Flag(name: .customLong("mark-sent"), help: "Mark the messages shown as sent.") var markSent = false

        func run() async throws {
            try await options.withEID { eid in
                let messages = try await eid.pendingMessages(requestId: "cli-" + UUID().uuidString.lowercased())
                for message in messages {
                    print("\(message.id)\t\(message.channel)\t\(message.address)\t\(message.body)")
                }
                if markSent { try await eid.markSent(messages.map(\.id)) }
            }
        }
    }
}
