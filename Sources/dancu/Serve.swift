import ArgumentParser
import DanCuApp
import DanCuCard
import DanCuRegister
import DanCuStore
import DanCuTransparency
import DanCuWeb
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the platform over HTTP. An empty database gets a demo population and demo officers first.",
        discussion:
            "Every setting can also come from the environment (DANCU_HOST, DANCU_PORT, …) or a JSON file (--config); flags win, then the environment, then the file."
    )

    @OptionGroup var settings: PlatformOptions
    @Option(help: "Address to listen on (or $DANCU_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (or $DANCU_PORT; default 8080).") var port: Int?
    @Option(name: .customLong("demo-people"), help: "People in the demo population seeded into an empty database.")
    var demoPeople: Int = 10_000
    @Flag(name: .customLong("no-demo"), help: "Do not seed an empty database.") var noDemo = false
    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt cost for passwords (or $DANCU_BCRYPT_COST; default 12).") var bcryptCost: UInt8?
    @Option(
        name: .customLong("issuer"), help: "The OpenID Connect issuer URL, as relying parties reach this server (or $DANCU_ISSUER; default http://HOST:PORT).")
    var issuerURL: String?
    @Option(
        name: .customLong("officer-totp-roles"),
        help:
            "Officer roles that must give a code from an authenticator app at every sign-in, comma-separated, e.g. central-officer,auditor,administrator (or $DANCU_OFFICER_TOTP_ROLES; default none). Enrol with `dancu officer totp`."
    )
    var officerTOTPRoles: String?
    @Option(
        name: .customLong("drain-seconds"),
        help: "On SIGTERM, seconds to keep serving with /health/ready at 503 before taking no more connections (or $DANCU_DRAIN_SECONDS; default 0).")
    var drainSeconds: Int?
    @Option(
        name: .customLong("read-database"),
        help:
            "A PostgreSQL standby for the reads that may lag a little (search, verification, statistics), e.g. postgres://u:p@h1:5432,h2:5432/dancu?target_session_attrs=prefer-standby (or $DANCU_READ_DATABASE; default: every read from --database)."
    )
    var readDatabase: String?
    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical (or $DANCU_LOG_LEVEL; default info). debug logs every request.")
    var logLevel: String?

    func validate() throws {
        guard (1...10_000_000).contains(demoPeople) else { throw ValidationError("--demo-people must be between 1 and 10000000") }
    }

    func run() async throws {
        var flags: [AppConfiguration.Key: String] = [:]
        flags[.host] = host
        flags[.port] = port.map(String.init)
        flags[.bcryptCost] = bcryptCost.map(String.init)
        flags[.issuer] = issuerURL
        flags[.officerTotpRoles] = officerTOTPRoles
        flags[.logLevel] = logLevel
        flags[.drainSeconds] = drainSeconds.map(String.init)
        flags[.readDatabase] = readDatabase
        let configuration = try await settings.configuration(flags)
        var logger = Logger(label: "dancu", factory: JSONLineLogHandler.factory())
        logger.logLevel = configuration.logLevel

        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let keys = try CardKeyStore(dataDirectory: configuration.dataDirectory)
        if !noDemo && !keys.hasCSCA {
            // Development only: a real installation makes its CSCA offline with `dancu keys csca init`.
            _ = try keys.initCSCA()
            _ = try keys.issueDocumentSigner()
            Console.line("No card keys yet: made a development CSCA and Document Signer in \(keys.directory.path)")
        }
        let platform = try await settings.open(configuration, serving: true)
        do {
            if !noDemo {
                try await DemoData.seedIfEmpty(platform, people: demoPeople)
            }
            let audited = try await Self.refuseTamperedLog(platform, configuration)
            if !keys.hasCSCA { Console.line("No CSCA in \(keys.directory.path): card routes answer 503 until `dancu keys csca init`") }
            // The whole log, beside the server, unless the start audited it whole already (no mark yet).
            var audits: [WholeLogAudit] = []
            if let log = platform.services.transparency, let audited, audited.from > 0 {
                audits.append(WholeLogAudit(audit: LogAudit(log: log, withMessageLog: platform.exchange != nil), logger: logger))
            }
            let app = try buildApplication(platform, logger: logger, services: audits)
            Console.line(
                "DanCu listening on http://\(configuration.host):\(configuration.port) (database \(platform.register.store.location)); Ctrl-C stops it")
            // The platform's services close its stores once the server has drained.
            try await serveUntilStopped(app, platform, logger: logger)
        } catch let tampered as TamperedLog {
            await platform.close()
            throw Self.refuse(tampered.report, configuration)
        } catch {
            await platform.close()
            throw error
        }
    }

    /// Checks the transparency log against its last signed checkpoint and the rows it stands for
    /// (`LogAudit`) before serving anything: a log that was edited is not served. It audits what came
    /// after the last clean audit (the whole log the first time), so a start does not take longer as
    /// the log grows; `dancu transparency verify --data-dir` audits it whole.
    /// Returns the clean report, nil without a transparency log.
    static func refuseTamperedLog(_ platform: Platform, _ configuration: AppConfiguration) async throws -> LogAudit.Report? {
        guard let log = platform.services.transparency else { return nil }
        let began = ContinuousClock.now
        // Before the server listens its own requests wait for nothing: integration appends 16 tiles a
        // transaction (a server sharing the database waits for the log's lock a little longer).
        let report = try await LogAudit(log: log, withMessageLog: platform.exchange != nil).run(.sinceLastAudit, tilesPerTransaction: 16)
        guard report.isClean else { throw TamperedLog(report: report) }
        if report.integrated.count > 0 || report.checkedAgainstRows > 0 {
            Console.line(
                "Transparency log of \(report.size) entries checked in \((ContinuousClock.now - began).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))): \(report.integrated.count) integrated, \(report.checkedAgainstRows) held against their rows"
            )
        }
        return report
    }

    static func refuse(_ report: LogAudit.Report, _ configuration: AppConfiguration) -> ExitCode {
        Console.line("REFUSED: the transparency log does not match its last signed checkpoint or the logs it stands for:")
        for problem in report.problems.prefix(10) { Console.line("  \(problem)") }
        Console.line(
            "DanCu stops: it serves no log that was edited. Investigate with `dancu transparency verify --data-dir \(configuration.dataDirectory)` and restore the database from a backup that verifies."
        )
        return ExitCode(1)
    }
}
