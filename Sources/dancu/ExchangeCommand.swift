import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuExchange
import DanCuWeb
import Foundation

/// The exchange gateway's member systems, their subsystems and keys: an administrator's acts, each
/// recorded with the administrator's name.
struct ExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange", abstract: "The data-exchange gateway: member systems, subsystems, keys, legal documents, grants.",
        subcommands: [Member.self, SubsystemCommand.self, Key.self, Law.self, GrantCommand.self, Traffic.self, Deliveries.self, RecordTypeCommand.self])

    struct Options: ParsableArguments {
        @OptionGroup var db: PlatformOptions
        @Option(help: "The administrator's officer account doing this.") var officer: String

        /// Opens the platform, checks the officer is an active administrator, runs `body`, and turns a
        /// refusal into a message and exit status 1.
        func run(_ body: (Platform, String) async throws -> Void) async throws {
            try await db.withPlatform { platform in
                do {
                    let who = try await platform.services.accounts.officer(officer)
                    guard !who.disabled, who.role == .administrator else {
                        throw ValidationError("\(officer) is not an active administrator: member systems are an administrator's to register")
                    }
                    try await body(platform, who.username)
                } catch let error as ExchangeError {
                    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                    for violation in error.violations { FileHandle.standardError.write(Data("  \(violation)\n".utf8)) }
                    throw ExitCode(1)
                } catch let error as RuleViolations {
                    for violation in error.violations { FileHandle.standardError.write(Data("error: \(violation)\n".utf8)) }
                    throw ExitCode(1)
                } catch let error as AccessError {
                    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }

    struct Member: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Member systems.", subcommands: [Add.self, List.self, Disable.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a member system (an organisation).")
            @OptionGroup var options: Options
            @Option(help: "Its code: A-Z, 0-9 and -, e.g. BHXH.") var code: String
            @Option(name: .customLong("name-vi"), help: "Its name in Vietnamese.") var nameVietnamese: String
            @Option(name: .customLong("name-en"), help: "Its name in English.") var nameEnglish: String
            @Option(help: "ministry, province, state-enterprise, bank, telecom or other.") var kind: String

            func run() async throws {
                try await options.run { platform, actor in
                    let registry = platform.members
                    let member = try MemberSystem(code: code, nameVietnamese: nameVietnamese, nameEnglish: nameEnglish, kind: kind)
                    try await registry.add(member, by: actor)
                    print("registered member \(member.code) (\(member.kind.rawValue))")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Member systems, their subsystems and keys.")
            @OptionGroup var options: Options

            func run() async throws {
                try await options.run { platform, _ in
                    let registry = platform.members
                    for member in try await registry.members() {
                        print("\(member.code)  \(member.kind)  \(member.nameVietnamese) / \(member.nameEnglish)\(member.disabledAt == nil ? "" : "  DISABLED")")
                        for subsystem in member.subsystems {
                            print("  \(member.code)/\(subsystem)")
                            for key in member.keys where key.subsystem == subsystem {
                                print("    key \(key.keyId)  \(key.algorithm)\(key.revokedAt == nil ? "" : "  REVOKED")")
                            }
                        }
                    }
                }
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable a member system: every request of its subsystems is refused from now on.")
            @OptionGroup var options: Options
            @Argument var code: String

            func run() async throws {
                try await options.run { platform, actor in
                    let registry = platform.members
                    try await registry.disable(member: code, by: actor)
                    print("disabled member \(code)")
                }
            }
        }
    }

    struct SubsystemCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "subsystem", abstract: "A member's systems.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a subsystem of a member, e.g. BHXH/THU-BHYT.")
            @OptionGroup var options: Options
            @Argument(help: "MEMBER/SUBSYSTEM") var identifier: String

            func run() async throws {
                try await options.run { platform, actor in
                    let registry = platform.members
                    let subsystem = try Self.subsystem(identifier)
                    try await registry.add(subsystem, by: actor)
                    print("registered subsystem \(subsystem.identifier)")
                }
            }

            static func subsystem(_ identifier: String) throws -> Subsystem {
                let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw ValidationError("give the subsystem as MEMBER/SUBSYSTEM, e.g. BHXH/THU-BHYT") }
                return try Subsystem(member: String(parts[0]), code: String(parts[1]))
            }
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A subsystem's public keys.", subcommands: [Add.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register the public keys of a JWK Set (Ed25519 or P-256) for a subsystem.")
            @OptionGroup var options: Options
            @Argument(help: "MEMBER/SUBSYSTEM") var identifier: String
            @Option(help: "A file with the JWK Set: {\"keys\": [ … ]}, public keys only.") var jwks: String

            func run() async throws {
                guard let data = FileManager.default.contents(atPath: jwks) else { throw ValidationError("cannot read \(jwks)") }
                try await options.run { platform, actor in
                    let registry = platform.members
                    let subsystem = try SubsystemCommand.Add.subsystem(identifier)
                    let keys = try MemberKeyJWK.parseSet(data)
                    try await registry.add(keys: keys, to: subsystem, by: actor)
                    for key in keys { print("registered key \(key.keyId) (\(key.key.algorithm.rawValue)) for \(subsystem.identifier)") }
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a key: requests it signs are refused from now on. Its id is never reused.")
            @OptionGroup var options: Options
            @Argument var keyId: String

            func run() async throws {
                try await options.run { platform, actor in
                    let registry = platform.members
                    try await registry.revoke(keyId: keyId, by: actor)
                    print("revoked key \(keyId)")
                }
            }
        }
    }
}
