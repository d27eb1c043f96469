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

    /// The register, its access log where `dancu serve` keeps it, and the gate over both, with every
    /// schema the gate needs up to date (the log's, and the register's side of it: the outbox). The
    /// register writes through `followers` (a death revokes cards).
    func openGate(followers: [any RegisterFollower] = []) async throws -> (register: Register, gate: Gate, stores: [any Store]) {
        let register = try await openRegister()
        let logStore: (any Store)?, logIndexStore: (any Store)?
        do { (logStore, logIndexStore) = try StoreFactory.openAccessLog(forRegister: url) } catch { throw ValidationError("\(error)") }
        let stores = [register.store] + [logStore, logIndexStore].compactMap { $0 }
        do {
            let followed = followers.reduce(register) { $0.followed(by: $1) }
            let gate = Gate(register: followed, logStore: logStore, logIndexStore: logIndexStore)
            try await OfficerAccounts(store: register.store).migrate()
            try await gate.prepare()
            return (register, gate, stores)
        } catch {
            for store in stores { await store.close() }
            throw error
        }
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
