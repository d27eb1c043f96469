import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuEID
import DanCuExchange
import DanCuQuality
import DanCuRegister
import DanCuServices
import DanCuStore
import Foundation

@main
struct DanCu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dancu",
        abstract: "DanCu: the national population register.",
        subcommands: [
            Serve.self, Seed.self, Import.self, Export.self, Migrate.self, PersonCommand.self, OfficerCommand.self, KeysCommand.self, CardCommand.self,
            ExchangeCommand.self,
            OIDCCommand.self, EIDCommand.self, TransparencyCommand.self, ProceduresCommand.self, DocumentsCommand.self, Stats.self, LinkCommand.self,
            QualityCommand.self, BackupCommand.self, RestoreCommand.self,
        ])
}

/// Where the platform's data lives, for every command: flags, then the environment, then a settings
/// file, through the one configuration type (`AppConfiguration`).
struct PlatformOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH or postgres://user:password@host:port/database (or $DANCU_DATABASE; default: sqlite:DATA-DIR/dancu.sqlite)")
    var database: String?
    @Option(name: .customLong("data-dir"), help: "The embedded database, the card keys and generated files (or $DANCU_DATA_DIR; default ./dancu-data).")
    var dataDirectory: String?
    @Option(name: .customLong("config"), help: "A JSON file of settings, e.g. {\"port\": 8080} (or $DANCU_CONFIG).")
    var configFile: String?

    /// The configuration these flags, `extra` flags, the environment and the file give.
    func configuration(_ extra: [AppConfiguration.Key: String] = [:]) async throws -> AppConfiguration {
        var flags = extra
        flags[.database] = database
        flags[.dataDir] = dataDirectory
        flags[.config] = configFile
        do { return try await AppConfiguration.load(flags: flags) } catch let error as AppConfiguration.Invalid {
            throw ValidationError("\(error)")
        }
    }

    /// The platform over that configuration, every schema up to date; the caller closes it. Only the
    /// server spools its reads' log entries during a failover (`serving`): a command's work waits for
    /// the primary anyway, and a command beside a running server then never shares its spool.
    func open(_ configuration: AppConfiguration? = nil, serving: Bool = false) async throws -> Platform {
        let resolved: AppConfiguration
        if let configuration { resolved = configuration } else { resolved = try await self.configuration() }
        do {
            return try await Platform.open(resolved, spoolingReads: serving)
        } catch let error as StoreError {
            throw ValidationError("\(error)")
        } catch let refusal as AccessLogSpool.Refusal {
            throw ValidationError("\(refusal)")
        }
    }

    /// Opens the platform, runs `body`, and closes it whatever happens.
    func withPlatform<T>(_ body: (Platform) async throws -> T) async throws -> T {
        let platform = try await open()
        do {
            let result = try await body(platform)
            await platform.close()
            return result
        } catch {
            await platform.close()
            throw error
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")
    @OptionGroup var db: PlatformOptions

    func run() async throws {
        let configuration = try await db.configuration()
        let store: any Store
        do { store = try StoreFactory.open(configuration.database) } catch { throw ValidationError("\(error)") }
        let applied = try await Migrator.migrate(
            store,
            RegisterSchema.migrations + AccessSchema.migrations + CardSchema.migrations + EIDSchema.migrations + ExchangeSchema.migrations
                + ServicesSchema.migrations + QualitySchema.migrations)
        print(applied.isEmpty ? "schema is up to date" : applied.map { "applied \($0.module) \($0.version): \($0.name)" }.joined(separator: "\n"))
        await store.close()
    }
}
