import ArgumentParser
import DanCuApp
import DanCuExchange
import Foundation

extension ExchangeCommand {
    /// The catalogue of linked-record types members may write.
    struct RecordTypeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record-type", abstract: "The catalogue of linked records members write about people.", subcommands: [Add.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a record type to the catalogue.")
            @OptionGroup var options: Options
            @Option(help: "Its code: a-z, 0-9 and -, e.g. disability-certificate.") var code: String
            @Option(name: .customLong("name-vi")) var nameVietnamese: String
            @Option(name: .customLong("name-en")) var nameEnglish: String
            @Option(name: .customLong("field"), help: "NAME:KIND[:required], KIND one of text, date, number, boolean; repeat for each field.")
            var fields: [String]

            func run() async throws {
                var parsed: [RecordType.Field] = []
                for text in fields {
                    let parts = text.split(separator: ":").map(String.init)
                    guard (2...3).contains(parts.count), let kind = RecordType.Field.Kind(rawValue: parts[1]), parts.count == 2 || parts[2] == "required" else {
                        throw ValidationError("--field \(text): write NAME:KIND or NAME:KIND:required, KIND one of text, date, number, boolean")
                    }
                    parsed.append(.init(name: parts[0], kind: kind, required: parts.count == 3))
                }
                try await options.run { platform, actor in
                    let type = try RecordType(code: code, nameVietnamese: nameVietnamese, nameEnglish: nameEnglish, fields: parsed)
                    try await ExchangeCommand.gateway(platform).linkedRecords.add(type, by: actor)
                    print(
                        "added record type \(type.code): \(type.fields.map { "\($0.name) (\($0.kind.rawValue)\($0.required ? ", required" : ""))" }.joined(separator: ", "))"
                    )
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The record types.")
            @OptionGroup var options: Options

            func run() async throws {
                try await options.run { platform, _ in
                    for type in try await ExchangeCommand.gateway(platform).linkedRecords.types() {
                        print("\(type.code)  \(type.nameVietnamese) / \(type.nameEnglish)  \(type.fields.map(\.name).joined(separator: ","))")
                    }
                }
            }
        }
    }
}
