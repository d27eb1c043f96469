import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuEID
import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation

struct OIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc", abstract: "The OpenID Connect provider: relying parties and keys.",
        subcommands: [Client.self, RotateKey.self])

    struct Options: ParsableArguments {
        @OptionGroup var db: PlatformOptions

        /// Runs `body` with the provider of the platform these options name, then closes the platform.
        func withProvider<T>(_ body: (OIDCProvider) async throws -> T) async throws -> T {
            try await db.withPlatform { platform in
                guard let provider = platform.services.oidc else { throw Self.noKeys }
                return try await body(provider)
            }
        }

        /// The same with the eID service.
        func withEID<T>(_ body: (EIDService) async throws -> T) async throws -> T {
            try await db.withPlatform { platform in
                guard let eid = platform.services.eid else { throw Self.noKeys }
                return try await body(eid)
            }
        }

        static let noKeys = ValidationError(
            "no CSCA in the data directory: run `dancu keys csca init` first (the provider signs with keys kept beside the card keys)")
    }

    struct Client: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Relying parties.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a relying party (an administrator's act).")
            @OptionGroup var options: Options
            @Option(name: .customLong("client-id")) var clientId: String
            @Option var name: String
            @Option(name: .customLong("redirect-uri"), help: "Exact redirect URI (repeat for more).") var redirectURIs: [String]
            @Option(help: "Allowed scopes, space-separated.") var scopes: String = "openid profile"
            @Option(name: .customLong("purpose"), help: "A purpose it may state (repeat for more).") var purposes: [String] = ["public-service"]
            @Option(name: .customLong("legal-basis")) var legalBasis: String
            @Option(help: "private_key_jwt or client_secret_basic.") var auth: String
            @Option(help: "private_key_jwt: a file with the client's JWKS.") var jwks: String?
            @Option(help: "pairwise (default) or personal-number (government services entitled to it).") var subject: String = "pairwise"
            @Flag(name: .customLong("require-dpop"), help: "Issue this client DPoP-bound tokens only (RFC 9449 dpop_bound_access_tokens).")
            var requireDPoP = false

            func run() async throws {
                let jwksText = try jwks.map { path in
                    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
                    return String(decoding: data, as: UTF8.self)
                }
                let application = RelyingPartyApplication(
                    clientId: clientId, name: name, redirectURIs: redirectURIs, scopes: scopes, purposes: purposes,
                    legalBasis: legalBasis, authentication: auth, subject: subject, jwks: jwksText,
                    requireDPoP: requireDPoP)
                let secret: String?
                do {
                    secret = try await options.withProvider { try await $0.clients.register(application).secret }
                } catch let error as EIDError {
                    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                    throw ExitCode(1)
                }
                print("registered \(clientId)")
                if let secret { print("client_secret: \(secret)") }
            }
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Make a new token-signing key; the old one stays in the JWKS for two days.")
        @OptionGroup var options: Options

        func run() async throws {
            let key = try await options.withProvider { try await $0.rotateSigningKey() }
            print("signing key \(key)")
        }
    }
}
