import ArgumentParser
import DanCuApp
import DanCuRegister
import DanCuWeb
import Foundation

/// `dancu backup`: a copy of the installation taken while it serves (`Backup.make`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the databases (SQLite, while serving) and the data directory's keys and files into a new directory.",
        discussion:
            "The databases are copied with SQLite's online backup API, each as one consistent snapshot, while the server goes on. The master key is left out unless --with-master-key: keep it apart (docs/operations.md). On PostgreSQL the database is backed up by pg_basebackup and WAL archiving (scripts/pg-backup.sh); this then backs up the data directory's files."
    )
    @OptionGroup var settings: PlatformOptions
    @Option(name: .customLong("to"), help: "The backup's directory; it must not exist yet.") var directory: String
    @Flag(name: .customLong("with-master-key"), help: "Put keys/master.key in the backup too (then the backup must be kept as secret as the key).")
    var withMasterKey = false

    func run() async throws {
        let configuration = try await settings.configuration()
        let started = Date()
        let manifest: Backup.Manifest
        do { manifest = try Backup.make(configuration, into: directory, withMasterKey: withMasterKey, now: started) } catch let error as BackupError {
            throw ValidationError(error.description)
        }
        let bytes = manifest.files.reduce(0) { $0 + $1.bytes }
        let databases = manifest.files.filter { $0.path.hasPrefix("databases/") }.count
        Console.line(
            "backed up \(databases) database(s) and \(manifest.files.count - databases) file(s), \(bytes / 1_048_576) MiB, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s into \(directory)"
        )
        if manifest.database == "postgres" {
            Console.line("the PostgreSQL database is not in it: back it up with pg_basebackup and WAL archiving (scripts/pg-backup.sh)")
        }
        if !manifest.masterKeyIncluded { Console.line("the master key is not in it: restore with --master-key FILE or DANCU_MASTER_KEY") }
    }
}

/// `dancu restore`: a backup put back into a new installation, checked (`Backup.restore`, then the
/// transparency log's audit over the restored databases).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new data directory (never over a database), then check it.",
        discussion:
            "Every file is checked against the backup's manifest before anything is written. After the restore the schema is brought up to date and the transparency log is audited whole against its last signed checkpoint; exits 1 if it does not hold."
    )
    @OptionGroup var settings: PlatformOptions
    @Argument(help: "The backup's directory (made by `dancu backup`).") var backup: String
    @Option(name: .customLong("master-key"), help: "A file holding the master key, for a backup made without it.") var masterKey: String?

    func run() async throws {
        let configuration = try await settings.configuration()
        let manifest: Backup.Manifest
        do { manifest = try Backup.restore(from: backup, into: configuration, masterKey: masterKey) } catch let error as BackupError {
            throw ValidationError(error.description)
        }
        Console.line("restored \(manifest.files.count) file(s) of the backup begun \(manifest.started) into \(configuration.dataDirectory)")
        guard manifest.database == "sqlite" else { return }
        try await settings.withPlatform { platform in
            let people = try await platform.register.count()
            guard let log = platform.services.transparency else {
                Console.line("checked: \(people) people in the register")
                return
            }
            let report = try await LogAudit(log: log, withMessageLog: platform.exchange != nil).run()
            guard report.isClean else {
                for problem in report.problems { Console.line("TAMPERED: \(problem)") }
                throw ExitCode(1)
            }
            Console.line("checked: \(people) people in the register; the transparency log's \(report.size) entries match its rows and its last checkpoint")
        }
    }
}
