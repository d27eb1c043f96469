import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuStore
import DanCuWeb
import Foundation

struct OfficerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officer", abstract: "Manage officer accounts.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, TOTPEnrolment.self])

    /// Opens the platform, runs `body` over its officer accounts and closes it, turning a refusal into a
    /// message and exit status 1 rather than a stack of text.
    static func run(_ db: PlatformOptions, _ body: (OfficerAccounts) async throws -> Void) async throws {
        let platform = try await db.open()
        do {
            try await body(platform.services.accounts)
            await platform.close()
        } catch let error as AccessError {
            await platform.close()
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch {
            await platform.close()
            throw error
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; prints its password once.")
        @OptionGroup var db: PlatformOptions
        @Option(help: "Login name: 3 to 64 of a-z, 0-9, . _ -") var username: String
        @Option(help: "The officer's name as shown.") var name: String
        @Option(help: "commune-officer, civil-status-officer, province-officer, central-officer, auditor or administrator") var role: String
        @Option(help: "ward:CODE, province:CODE or nation (current administrative units)") var jurisdiction: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordFromStdin = false

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let given = passwordFromStdin ? readLine(strippingNewline: true) : nil
            try await OfficerCommand.run(db) { accounts in
                let (officer, password) = try await accounts.add(
                    username: username, displayName: name, role: role,
                    jurisdiction: jurisdiction, password: given)
                print("added \(officer.username) (\(officer.role.rawValue), \(officer.jurisdiction))")
                if given == nil { print("password: \(password)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var db: PlatformOptions

        func run() async throws {
            try await OfficerCommand.run(db) { accounts in
                for o in try await accounts.list() {
                    print(
                        [o.username, o.role.rawValue, o.jurisdiction.description, o.disabled ? "disabled" : "active", o.displayName]
                            .joined(separator: "\t"))
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and revoke its tokens.")
        @OptionGroup var db: PlatformOptions
        @Argument var username: String

        func run() async throws {
            try await OfficerCommand.run(db) { accounts in
                try await accounts.disable(username)
                print("disabled \(username); its tokens are revoked")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var db: PlatformOptions
        @Argument var username: String

        func run() async throws {
            try await OfficerCommand.run(db) { accounts in
                try await accounts.enable(username)
                print("enabled \(username)")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a new password (printed once), unlock, revoke tokens.")
        @OptionGroup var db: PlatformOptions
        @Argument var username: String

        func run() async throws {
            try await OfficerCommand.run(db) { accounts in
                let password = try await accounts.resetPassword(username)
                print("password: \(password)")
            }
        }
    }

    struct TOTPEnrolment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "totp",
            abstract: "Enrol an authenticator app for an officer (prints its otpauth:// URL once) or remove it; revokes their tokens.")
        @OptionGroup var db: PlatformOptions
        @Flag(help: "Remove the officer's authenticator instead (a lost phone).") var remove = false
        @Argument var username: String

        func run() async throws {
            // The authenticator's secret is sealed with the data directory's master key.
            try await OfficerCommand.run(db) { accounts in
                if remove {
                    try await accounts.removeTOTP(username)
                    print("removed the authenticator of \(username)")
                } else {
                    print(try await accounts.enrolTOTP(username))
                }
            }
        }
    }
}
