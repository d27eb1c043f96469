import ArgumentParser
import DanCuAccess
import DanCuCard
import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the platform over HTTP. An empty database gets a demo population and demo officers first.")

    @Option(help: "Address to listen on (or $DANCU_HOST).") var host: String?
    @Option(help: "Port to listen on (or $DANCU_PORT).") var port: Int?
    @Option(name: .customLong("data-dir"), help: "Directory for the embedded database and generated files (or $DANCU_DATA_DIR).")
    var dataDirectory: String?
    @Option(help: "sqlite:PATH or postgres://… (or $DANCU_DATABASE; default: sqlite:DATA-DIR/dancu.sqlite).") var database: String?
    @Option(name: .customLong("demo-people"), help: "People in the demo population seeded into an empty database.")
    var demoPeople: Int = 10_000
    @Flag(name: .customLong("no-demo"), help: "Do not seed an empty database.") var noDemo = false
    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt cost for passwords (or $DANCU_BCRYPT_COST).") var bcryptCost: UInt8?
    @Option(name: .customLong("issuer"), help: "The OpenID Connect issuer URL, as relying parties reach this server (or $DANCU_ISSUER; default http://HOST:PORT).")
    var issuerURL: String?
    @Option(name: .customLong("officer-totp-roles"),
            help: "Officer roles that must give a code from an authenticator app at every sign-in, comma-separated, e.g. central-officer,auditor,administrator (or $DANCU_OFFICER_TOTP_ROLES; default none). Enrol with `dancu officer totp`.")
    var officerTOTPRoles: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (or $DANCU_LOG_LEVEL; default info). debug logs every request.")
    var logLevel: String?

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if let bcryptCost, !(4...31).contains(bcryptCost) { throw ValidationError("--bcrypt-cost must be between 4 and 31") }
        guard (1...10_000_000).contains(demoPeople) else { throw ValidationError("--demo-people must be between 1 and 10000000") }
        if let officerTOTPRoles { _ = try Self.roles(officerTOTPRoles) }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let host = self.host ?? env["DANCU_HOST"] ?? "127.0.0.1"
        let portText = env["DANCU_PORT"]
        guard let port = self.port ?? (portText.map { Int($0) } ?? 8080), (1...65535).contains(port) else {
            throw ValidationError("DANCU_PORT must be a port number")
        }
        let dataDirectory = self.dataDirectory ?? env["DANCU_DATA_DIR"] ?? "./dancu-data"
        let databaseURL = database ?? env["DANCU_DATABASE"] ?? "sqlite:\(dataDirectory)/dancu.sqlite"
        let cost = bcryptCost ?? env["DANCU_BCRYPT_COST"].flatMap { UInt8($0) } ?? 12
        guard (4...31).contains(cost) else { throw ValidationError("DANCU_BCRYPT_COST must be between 4 and 31") }

        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let store: any Store
        do { store = try StoreFactory.open(databaseURL) } catch { throw ValidationError("\(error)") }
        var logger = Logger(label: "dancu", factory: JSONLineLogHandler.factory())
        let levelText = logLevel ?? env["DANCU_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ValidationError("the log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        logger.logLevel = level

        let logStore: (any Store)?, logIndexStore: (any Store)?
        do { (logStore, logIndexStore) = try StoreFactory.openAccessLog(forRegister: databaseURL) } catch { throw ValidationError("\(error)") }
        let keys = try CardKeyStore(dataDirectory: dataDirectory)
        if !noDemo && !keys.hasCSCA {
            // Development only: a real installation makes its CSCA offline with `dancu keys csca init`.
            _ = try keys.initCSCA()
            _ = try keys.issueDocumentSigner()
            Console.line("No card keys yet: made a development CSCA and Document Signer in \(keys.directory.path)")
        }
        let issuer = issuerURL ?? env["DANCU_ISSUER"] ?? "http://\(host):\(port)"
        var officerPolicy = OfficerAccounts.Policy()
        officerPolicy.secondFactorRoles = try Self.roles(officerTOTPRoles ?? env["DANCU_OFFICER_TOTP_ROLES"] ?? "")
        let services = try WebApplication.services(store: store, logStore: logStore, logIndexStore: logIndexStore,
                                                   hasher: PasswordHasher(cost: cost), cardKeys: keys, issuer: issuer, officerPolicy: officerPolicy)
        let register = Register(store: store)
        try await register.migrate()
        try await services.prepare()
        if !noDemo {
            try await DemoData.seedIfEmpty(register: register, gate: services.gate, accounts: services.accounts, people: demoPeople,
                                           dataDirectory: dataDirectory, cards: services.cards, eid: services.eid)
        }
        if !keys.hasCSCA { Console.line("No CSCA in \(keys.directory.path): card routes answer 503 until `dancu keys csca init`") }

        let app = try WebApplication.application(services, host: host, port: port, logger: logger)
        let indexing = AccessLogIndexing(gate: services.gate, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [indexing, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        Console.line("DanCu listening on http://\(host):\(port) (database \(store.location)); Ctrl-C stops it")
        try await group.run()
        await store.close()
        await logStore?.close()
        await logIndexStore?.close()
    }

    /// Officer roles named in a comma-separated list; only roles that sign in with a password.
    static func roles(_ list: String) throws -> Set<Role> {
        let signingIn = Role.allCases.filter { $0 != .citizen && $0 != .system }
        return Set(try list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { name in
            guard let role = Role(rawValue: name), signingIn.contains(role) else {
                throw ValidationError("officer TOTP roles: '\(name)' is not one of \(signingIn.map(\.rawValue).joined(separator: ", "))")
            }
            return role
        })
    }
}
