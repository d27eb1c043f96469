public import Configuration
public import DanCuAccess
import DanCuTransparency
public import Foundation
public import Logging
import SystemPackage

/// Everything an installation sets, from one place. `serve`, the command line, the test harness and the
/// benchmarks all build the platform from this type (`Platform.open`), so a setting means the same
/// everywhere.
///
/// The values come through apple/swift-configuration, in this order: flags, then the environment
/// (`DANCU_HOST`, `DANCU_DATA_DIR`, …), then a JSON file named by `--config` or `DANCU_CONFIG`
/// (`{"host": "0.0.0.0", "port": 8080, …}`), then the defaults below.
public struct AppConfiguration: Sendable, Equatable {
    /// `sqlite:PATH` or `postgres://…`; by default an SQLite file in the data directory.
    public var database: String
    /// The embedded database, the card keys and generated files.
    public var dataDirectory: String
    public var host: String
    public var port: Int
    /// The OpenID Connect issuer as relying parties reach this server; by default `http://HOST:PORT`.
    public var issuer: String
    /// bcrypt's cost for officers' and citizens' passwords.
    public var bcryptCost: UInt8
    /// Officer roles that must give an authenticator app's code at every sign-in.
    public var officerSecondFactorRoles: Set<Role>
    public var logLevel: Logger.Level
    /// The transparency log's origin (the first line of its checkpoints and its key's name); by default
    /// the issuer's host and port followed by `/transparency`.
    public var transparencyOrigin: String
    /// The witnesses whose cosignatures the log keeps and serves: C2SP vkeys of type 0x04.
    public var transparencyWitnesses: [String]
    /// A directory of an administrator's procedure files, added to the bundled 25 (or put in place of
    /// one of the same code); nil for the bundled catalogue alone.
    public var procedures: String?
    /// A working-day calendar file in place of the bundled one (Viet Nam's days off, 2025 to 2027).
    public var workingCalendar: String?
    /// On SIGTERM, how long the server keeps serving with `/health/ready` at 503 before it stops taking
    /// connections, so that a load balancer polling readiness sends nothing more meanwhile.
    public var drainSeconds: Int
    /// A PostgreSQL standby (`postgres://…`, several hosts allowed) for the reads that may lag a little
    /// behind the last write: search, verification, statistics. Nil sends every read to `database`.
    public var readDatabase: String?

    public init(
        database: String? = nil, dataDirectory: String = "./dancu-data", host: String = "127.0.0.1", port: Int = 8080,
        issuer: String? = nil, bcryptCost: UInt8 = 12, officerSecondFactorRoles: Set<Role> = [], logLevel: Logger.Level = .info,
        transparencyOrigin: String? = nil, transparencyWitnesses: [String] = [], procedures: String? = nil, workingCalendar: String? = nil,
        drainSeconds: Int = 0, readDatabase: String? = nil
    ) {
        self.database = database ?? "sqlite:\(dataDirectory)/dancu.sqlite"
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.issuer = issuer ?? "http://\(host):\(port)"
        self.bcryptCost = bcryptCost
        self.officerSecondFactorRoles = officerSecondFactorRoles
        self.logLevel = logLevel
        let issuerURL = URL(string: self.issuer)
        let authority = (issuerURL?.host ?? host) + (issuerURL?.port.map { ":\($0)" } ?? "")
        self.transparencyOrigin = transparencyOrigin ?? authority + "/transparency"
        self.transparencyWitnesses = transparencyWitnesses
        self.procedures = procedures
        self.workingCalendar = workingCalendar
        self.drainSeconds = drainSeconds
        self.readDatabase = readDatabase
    }

    /// The settings' names: a flag is `--data-dir`, the environment's `DANCU_DATA_DIR`, the file's `dataDir`.
    public enum Key: String, CaseIterable, Sendable {
        case database, dataDir, host, port, issuer, bcryptCost, officerTotpRoles, logLevel, transparencyOrigin, transparencyWitnesses, procedures,
            workingCalendar, drainSeconds, readDatabase, config

        /// The name the environment gives it.
        public var environmentName: String {
            "DANCU_" + rawValue.reduce(into: "") { name, c in name += c.isUppercase ? "_\(c)" : c.uppercased() }
        }

        var configKey: ConfigKey { ConfigKey(["dancu", rawValue]) }
    }

    /// A setting that cannot be used, named as the person who set it wrote it.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let key: Key
        public let message: String
        public var description: String { "\(key.rawValue) (\(key.environmentName)): \(message)" }
    }

    /// Reads flags, the environment and the file (named by a flag or the environment) in that order.
    /// `flags` holds what the command line gave, by key.
    public static func load(
        flags: [Key: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> AppConfiguration {
        let flagProvider = InMemoryProvider(
            name: "flags",
            values: Dictionary(
                uniqueKeysWithValues: flags.map { key, value in
                    (AbsoluteConfigKey(key.configKey), ConfigValue(.string(value), isSecret: false))
                }))
        let environmentProvider = EnvironmentVariablesProvider(environmentVariables: environment.filter { $0.key.hasPrefix("DANCU_") })
        var providers: [any ConfigProvider] = [flagProvider, environmentProvider]
        if let path = flags[.config] ?? environment[Key.config.environmentName], !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else { throw Invalid(key: .config, message: "no file at \(path)") }
            do {
                // The file holds the settings at its top level: `dancu.port` is looked up as `port`.
                providers.append(
                    try await FileProvider<JSONSnapshot>(filePath: .init(path)).mapKeys { key in
                        AbsoluteConfigKey(Array(key.components.dropFirst()), context: key.context)
                    })
            } catch {
                throw Invalid(key: .config, message: "\(path) is not a JSON object of settings: \(error)")
            }
        }
        return try AppConfiguration(reader: ConfigReader(providers: providers))
    }

    /// The settings `reader` holds, checked; the first that cannot be used is thrown, by name.
    public init(reader: ConfigReader) throws(Invalid) {
        func text(_ key: Key) -> String? {
            reader.string(forKey: key.configKey) ?? reader.int(forKey: key.configKey).map(String.init)
        }
        func number(_ key: Key, _ range: ClosedRange<Int>) throws(Invalid) -> Int? {
            guard let value = text(key) else { return nil }
            guard let n = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
                throw Invalid(key: key, message: "'\(value)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        let dataDirectory = text(.dataDir) ?? "./dancu-data"
        let host = text(.host) ?? "127.0.0.1"
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { throw Invalid(key: .host, message: "'\(host)' is not a host name or address") }
        let port = try number(.port, 1...65535) ?? 8080
        let cost = try number(.bcryptCost, 4...31).map(UInt8.init) ?? 12
        let database = text(.database)
        if let database, database.isEmpty { throw Invalid(key: .database, message: "give sqlite:PATH or postgres://…") }
        let issuer = text(.issuer)
        if let issuer, URL(string: issuer)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw Invalid(key: .issuer, message: "'\(issuer)' is not an http(s) URL")
        }
        let levelText = text(.logLevel) ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw Invalid(key: .logLevel, message: "'\(levelText)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let origin = text(.transparencyOrigin)
        if let origin, origin.isEmpty || origin.contains("+") || origin.contains(where: \.isWhitespace) {
            throw Invalid(key: .transparencyOrigin, message: "'\(origin)' is not a name without spaces or '+', like example.gov.vn/transparency")
        }
        let witnesses = (text(.transparencyWitnesses) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for witness in witnesses where NoteVerifier(vkey: witness)?.kind != .cosignature {
            throw Invalid(key: .transparencyWitnesses, message: "'\(witness)' is not a witness's vkey (name+keyid+base64 of 0x04 and an Ed25519 key)")
        }
        let procedures = text(.procedures)
        if let procedures {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: procedures, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Invalid(key: .procedures, message: "'\(procedures)' is not a directory of procedure files")
            }
        }
        let calendar = text(.workingCalendar)
        if let calendar, !FileManager.default.fileExists(atPath: calendar) {
            throw Invalid(key: .workingCalendar, message: "no file at \(calendar)")
        }
        let drain = try number(.drainSeconds, 0...600) ?? 0
        let readDatabase = text(.readDatabase)
        if let readDatabase {
            guard readDatabase.hasPrefix("postgres://") || readDatabase.hasPrefix("postgresql://") else {
                throw Invalid(key: .readDatabase, message: "give a PostgreSQL standby's postgres://… URL (SQLite has no standby)")
            }
            guard let database, database.hasPrefix("postgres") else {
                throw Invalid(key: .readDatabase, message: "a standby serves reads only beside a PostgreSQL database (--database postgres://…)")
            }
        }
        self.init(
            database: database, dataDirectory: dataDirectory, host: host, port: port, issuer: issuer, bcryptCost: cost,
            officerSecondFactorRoles: try Self.roles(text(.officerTotpRoles) ?? ""), logLevel: level, transparencyOrigin: origin,
            transparencyWitnesses: witnesses, procedures: procedures, workingCalendar: calendar, drainSeconds: drain,
            readDatabase: readDatabase)
    }

    /// Officer roles named in a comma-separated list; only roles that sign in with a password.
    static func roles(_ list: String) throws(Invalid) -> Set<Role> {
        let signingIn = Role.allCases.filter { $0 != .citizen && $0 != .system }
        var roles: Set<Role> = []
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let role = Role(rawValue: name), signingIn.contains(role) else {
                throw Invalid(key: .officerTotpRoles, message: "'\(name)' is not one of \(signingIn.map(\.rawValue).joined(separator: ", "))")
            }
            roles.insert(role)
        }
        return roles
    }
}
