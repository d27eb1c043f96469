import ArgumentParser
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

/// Reading people at the command line is reading personal data like any other: as a named officer,
/// for a purpose, through the gate, which decides and logs each read.
struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Read people in the register, as an officer, for a purpose.",
        subcommands: [Show.self, History.self, Search.self])

    struct Reader: ParsableArguments {
        @OptionGroup var desk: CardDeskOptions
        @Option(help: "Why: residence-management, civil-status, identity-card, public-service, data-correction, law-enforcement or citizen-request.")
        var purpose: String

        func run(_ body: (CardDeskOptions.Desk) async throws -> Void) async throws {
            guard let purpose = Purpose(rawValue: purpose) else {
                throw ValidationError("--purpose: use one of " + Purpose.allCases.map(\.rawValue).joined(separator: ", "))
            }
            try await desk.run(purpose: purpose, cards: false, body)
        }
    }

    static func number(_ text: String) throws -> PersonalNumber {
        do { return try PersonalNumber(text) } catch { throw ValidationError("personal number: \(error)") }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a person's current record (or as of a date).")
        @OptionGroup var reader: Reader
        @Argument(help: "The 12-digit personal number.") var number: String
        @Option(help: "Show the record as it was valid on this date (YYYY-MM-DD).") var asOf: String?

        func run() async throws {
            let n = try PersonCommand.number(number)
            let date: LocalDate?
            do { date = try asOf.map { try LocalDate(iso: $0) } } catch { throw ValidationError("--as-of: \(error)") }
            let encoder = PersonCodec.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            try await reader.run { d in
                if let date {
                    guard let p = try await d.gate.person(n, validOn: date, recordedBy: nil, for: d.request) else {
                        throw ValidationError("\(n) was not in the register on \(date)")
                    }
                    print(String(decoding: try encoder.encode(p), as: UTF8.self))
                } else {
                    let v = try await d.gate.person(n, for: d.request)
                    print("version \(v.version)")
                    print(String(decoding: try encoder.encode(v.person), as: UTF8.self))
                }
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a person's life events.")
        @OptionGroup var reader: Reader
        @Argument var number: String

        func run() async throws {
            let n = try PersonCommand.number(number)
            try await reader.run { d in
                var after = 0
                while true {
                    let page = try await d.gate.history(n, afterSeq: after, limit: 200, for: d.request)
                    for e in page.events {
                        print("\(e.validFrom)  \(e.kind)  recorded \(WallClock.iso(micros: e.recordedAt)) by \(e.officer)\(e.reason.map { " (\($0))" } ?? "")")
                    }
                    guard page.more else { break }
                    after += page.events.count
                }
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search by name (diacritics and case ignored), birth year and ward.")
        @OptionGroup var reader: Reader
        @Argument var name: String
        @Option var birthYear: Int?
        @Option var ward: String?
        @Option var limit: Int = 20

        func run() async throws {
            guard (1...200).contains(limit) else { throw ValidationError("--limit must be from 1 to 200") }
            try await reader.run { d in
                for h in try await d.gate.search(PersonSearch(name: name, birthYear: birthYear, wardCode: ward, limit: limit), for: d.request).hits {
                    print("\(h.personalNumber)  \(h.fullName)  \(h.birthYear)  \(h.sex)  ward \(h.wardCode ?? "-")  \(h.vitalStatus)")
                }
            }
        }
    }
}
