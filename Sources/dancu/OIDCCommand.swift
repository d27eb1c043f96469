import ArgumentParser
import DanCuAccess
import DanCuCard
import DanCuEID
import DanCuRegister
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
            let (store, keys, gate) = try await open()
            return OIDCProvider(issuer: "", store: store, cardKeys: keys, gate: gate)
        }

        func eidService() async throws -> EIDService {
            let (store, keys, gate) = try await open()
            return EIDService(store: store, cards: CardOffice(store: store, keys: keys), gate: gate)
        }

        /// The register's store, the keys, and the gate every release and read of personal data passes.
        func open() async throws -> (any Store, CardKeyStore, Gate) {
            let dir = dataDirectory ?? ProcessInfo.processInfo.environment["DANCU_DATA_DIR"] ?? "./dancu-data"
            let keys: CardKeyStore
            do { keys = try CardKeyStore(dataDirectory: dir) } catch { throw ValidationError("\(error)") }
            let (register, gate, _) = try await db.openGate()
            try await Migrator.migrate(register.store, EIDSchema.migrations)
            return (register.store, keys, gate)
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
                let jwksText = try jwks.map { path in
                    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
                    return String(decoding: data, as: UTF8.self)
                }
                let application = RelyingPartyApplication(clientId: clientId, name: name, redirectURIs: redirectURIs, scopes: scopes, purposes: purposes,
                                                          legalBasis: legalBasis, authentication: auth, subject: subject, jwks: jwksText,
                                                          requireDPoP: requireDPoP)
                let secret: String?
                do {
                    secret = try await options.provider().clients.register(application).secret
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
        static let configuration = CommandConfiguration(commandName: "rotate-key",
                                                        abstract: "Make a new token-signing key; the old one stays in the JWKS for two days.")
        @OptionGroup var options: Options

        func run() async throws {
            let provider = try await options.provider()
            print("signing key \(try await provider.rotateSigningKey())")
        }
    }
}
