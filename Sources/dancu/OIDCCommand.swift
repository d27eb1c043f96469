import ArgumentParser
import DanCuAccess
import DanCuCard
import DanCuEID
import DanCuStore
import Foundation

struct OIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oidc", abstract: "The OpenID Connect provider: relying parties and keys.",
                                                    subcommands: [Client.self, RotateKey.self])

    struct Options: ParsableArguments {
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("data-dir"), help: "The data directory with the master key (or $DANCU_DATA_DIR; default ./dancu-data).")
        var dataDirectory: String?

        func provider() async throws -> OIDCProvider {
            let dir = dataDirectory ?? ProcessInfo.processInfo.environment["DANCU_DATA_DIR"] ?? "./dancu-data"
            let keys: CardKeyStore
            do { keys = try CardKeyStore(dataDirectory: dir) } catch { throw ValidationError("\(error)") }
            let register = try await db.openRegister()
            try await Migrator.migrate(register.store, EIDSchema.migrations)
            return OIDCProvider(issuer: "", store: register.store, cardKeys: keys)
        }
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
                guard let method = RelyingParty.Authentication(rawValue: auth) else {
                    throw ValidationError("--auth must be private_key_jwt or client_secret_basic")
                }
                guard let kind = SubjectIdentifiers.Kind(rawValue: subject) else { throw ValidationError("--subject must be pairwise or personal-number") }
                let parsed: [Scope]
                do { parsed = try Scope.parse(scopes) } catch { throw ValidationError("--scopes: \(error.detail)") }
                guard !redirectURIs.isEmpty, redirectURIs.allSatisfy({ $0.hasPrefix("https://") || $0.hasPrefix("http://127.0.0.1") || $0.hasPrefix("http://localhost") }) else {
                    throw ValidationError("--redirect-uri: https, or http on the loopback address only")
                }
                let jwksText = try jwks.map { path in
                    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
                    return String(decoding: data, as: UTF8.self)
                }
                let secret = method == .clientSecretBasic ? Secrets.newToken() : nil
                let provider = try await options.provider()
                do {
                    try await provider.clients.register(RelyingParty(clientId: clientId, name: name, redirectURIs: redirectURIs, allowedScopes: parsed,
                                                                     purposes: purposes, legalBasis: legalBasis, subjectKind: kind,
                                                                     authentication: method, requiresDPoP: requireDPoP),
                                                        secret: secret, jwks: jwksText)
                } catch let error as OAuthError {
                    FileHandle.standardError.write(Data("error: \(error.detail)\n".utf8))
                    throw ExitCode(1)
                } catch StoreError.uniqueViolation {
                    FileHandle.standardError.write(Data("error: a client \(clientId) exists already\n".utf8))
                    throw ExitCode(1)
                }
                print("registered \(clientId)")
                if let secret { print("client_secret: \(secret)") }
            }
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-key",
                                                        abstract: "Make a new token-signing key; the old one stays in the JWKS for two days.")
        @OptionGroup var options: Options

        func run() async throws {
            let provider = try await options.provider()
            print("signing key \(try await provider.rotateSigningKey())")
        }
    }
}
