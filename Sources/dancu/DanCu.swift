import ArgumentParser
import DanCuAccess
import DanCuCard
import DanCuEID
import DanCuRegister
import DanCuStore
import Foundation

@main
struct DanCu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dancu",
        abstract: "DanCu: the national population register.",
        subcommands: [Serve.self, Seed.self, Import.self, Export.self, Migrate.self, PersonCommand.self, OfficerCommand.self, KeysCommand.self, CardCommand.self, OIDCCommand.self, EIDCommand.self, Stats.self])
}

/// Where the data lives: `--database`, else `DANCU_DATABASE`, else an SQLite file under `./dancu-data`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH or postgres://user:password@host:port/database (default: sqlite:./dancu-data/dancu.sqlite, or $DANCU_DATABASE)")
    var database: String?

    var url: String {
        database ?? ProcessInfo.processInfo.environment["DANCU_DATABASE"] ?? "sqlite:./dancu-data/dancu.sqlite"
    }

    /// Opens the store and brings its schema up to date.
    func openRegister() async throws -> Register {
        let store: any Store
        do { store = try StoreFactory.open(url) } catch { throw ValidationError("\(error)") }
        let register = Register(store: store)
        try await register.migrate()
        return register
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let store: any Store
        do { store = try StoreFactory.open(db.url) } catch { throw ValidationError("\(error)") }
        let applied = try await Migrator.migrate(store, RegisterSchema.migrations + AccessSchema.migrations + CardSchema.migrations + EIDSchema.migrations)
        print(applied.isEmpty ? "schema is up to date" : applied.map { "applied \($0.module) \($0.version): \($0.name)" }.joined(separator: "\n"))
        await store.close()
    }
}
