import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuExchange
import Foundation

extension ExchangeCommand {
    /// The gateway of this installation; nil only without a master key, which `dancu keys` makes.
    static func gateway(_ platform: Platform) throws -> ExchangeGateway {
        guard let gateway = platform.exchange else {
            throw ValidationError("this installation has no exchange gateway: it needs the data directory's master key")
        }
        return gateway
    }

    static func date(_ text: String, _ option: String) throws -> LocalDate {
        do { return try LocalDate(iso: text) } catch { throw ValidationError("\(option): write a date like 2025-07-01 (\(error))") }
    }

    /// The legal documents grants rest on.
    struct Law: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Legal documents that grants rest on (laws, decrees, circulars).", subcommands: [Add.self, End.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a legal document.")
            @OptionGroup var options: Options
            @Option(help: "Its number in ASCII, as members cite it in DanCu-Legal-Basis: 41/2024/QH15.") var code: String
            @Option(help: "Its title, in Vietnamese.") var title: String
            @Option(help: "The article that allows the exchange: 'Điều 10'.") var article: String?
            @Option(name: .customLong("valid-from"), help: "Its first day in force.") var validFrom: String
            @Option(name: .customLong("valid-to"), help: "Its last day in force, if known.") var validTo: String?

            func run() async throws {
                let from = try ExchangeCommand.date(validFrom, "--valid-from")
                let to = try validTo.map { try ExchangeCommand.date($0, "--valid-to") }
                try await options.run { platform, actor in
                    let document = try LegalDocument(code: code, title: title, article: article, validFrom: from, validTo: to)
                    try await ExchangeCommand.gateway(platform).grants.add(document, by: actor)
                    print("registered \(document.citation), in force from \(document.validFrom)\(document.validTo.map { " to \($0)" } ?? "")")
                }
            }
        }

        struct End: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set a document's last day in force: its grants stop the day after.")
            @OptionGroup var options: Options
            @Argument var code: String
            @Option(help: "The last day it is in force.") var on: String

            func run() async throws {
                let last = try ExchangeCommand.date(on, "--on")
                try await options.run { platform, actor in
                    try await ExchangeCommand.gateway(platform).grants.end(document: code, on: last, by: actor)
                    print("\(code) is in force until \(last)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The legal documents.")
            @OptionGroup var options: Options

            func run() async throws {
                try await options.run { platform, _ in
                    for d in try await ExchangeCommand.gateway(platform).grants.documents() {
                        print("\(d.code)  \(d.validFrom)…\(d.validTo?.description ?? "")  \(d.citation)")
                    }
                }
            }
        }
    }

    /// What a subsystem may do: deny by default, so every service, field and purpose is granted here.
    struct GrantCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant", abstract: "Grants: a subsystem × a service × fields × a purpose × a legal document.",
            subcommands: [Add.self, Revoke.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Grant a subsystem a service for the exact fields, one purpose, under one document.")
            @OptionGroup var options: Options
            @Argument(help: "MEMBER/SUBSYSTEM") var identifier: String
            @Option(help: "verify or person-data.") var service: String
            @Option(help: "The fields, comma-separated: name,dateOfBirth,vitalStatus.") var fields: String
            @Option(help: "The purpose the law lists: social-insurance, tax-administration, customer-due-diligence, …") var purpose: String
            @Option(help: "The legal document's code (`dancu exchange law add`).") var law: String
            @Option(help: "Only people of this province (post-2025 code); the nation when absent.") var province: String?

            func run() async throws {
                guard let service = ExchangeService(rawValue: service) else {
                    throw ValidationError("--service: one of \(ExchangeService.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard let purpose = Purpose(rawValue: purpose) else {
                    throw ValidationError("--purpose: one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let fields = fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                try await options.run { platform, actor in
                    let subsystem = try SubsystemCommand.Add.subsystem(identifier)
                    let id = try await ExchangeCommand.gateway(platform).grants.grant(
                        subsystem, service: service, fields: fields, purpose: purpose, legalBasis: law, provinceCode: province, by: actor)
                    print(
                        "grant #\(id): \(subsystem.identifier) may use \(service.rawValue) for \(fields.joined(separator: ",")) for \(purpose.rawValue) under \(law)"
                    )
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a grant: requests it allowed are refused from now on.")
            @OptionGroup var options: Options
            @Argument var id: Int64

            func run() async throws {
                try await options.run { platform, actor in
                    try await ExchangeCommand.gateway(platform).grants.revoke(grant: id, by: actor)
                    print("revoked grant #\(id)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every grant, live and revoked.")
            @OptionGroup var options: Options

            func run() async throws {
                try await options.run { platform, _ in
                    for (g, revokedAt) in try await ExchangeCommand.gateway(platform).grants.grants() {
                        print(
                            "#\(g.id)  \(g.subsystem.identifier)  \(g.service.rawValue)  \(g.fields.joined(separator: ","))  \(g.purpose.rawValue)  \(g.legalBasis)"
                                + (g.provinceCode.map { "  province \($0)" } ?? "") + (revokedAt == nil ? "" : "  REVOKED"))
                    }
                }
            }
        }
    }
}
