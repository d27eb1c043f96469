import DanCuAccess
import DanCuApp
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct PlatformLifecycleTests {
    /// One composition root for the server: it opens its own stores, serves, and on shutdown drains the
    /// server, then its services, then closes the stores it opened.
    @Test func theServerDrainsThenTheStoresClose() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let platform = try await Platform.open(AppConfiguration(dataDirectory: directory.path, port: 0, bcryptCost: 4))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("dancu.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("dancu-access-log.sqlite").path))
        #expect(platform.services.cards == nil)  // no CSCA in a new data directory: card routes answer 503
        let app = try buildApplication(platform, logger: Logger(label: "dancu-test"))
        try await app.test(.live) { client in
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            let people = try await platform.register.count()
            #expect(people == 0)
        }
        await #expect(throws: StoreError.self) { _ = try await platform.register.count() }
    }

    /// A service group names each service with `"\(service)"`: a service is named by its type, not
    /// printed by reflection down to the reference data (that took seconds at every start).
    @Test func theServicesAreNamedWithoutPrintingThePlatform() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let platform = try await Platform.open(AppConfiguration(dataDirectory: directory.path, port: 0, bcryptCost: 4))
        let names = platform.lifecycleServices(logger: Logger(label: "dancu-test")).map { "\($0)" }
        await platform.close()
        #expect(names.contains("AccessLogRelaying") && names.contains("StoreClosing"))
        #expect(names.allSatisfy { $0.count < 40 }, "\(names.map { $0.prefix(80) })")
    }

    @Test func aCallerOwnsTheStoresItHandsIn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try StoreFactory.open("sqlite:" + directory.appendingPathComponent("own.sqlite").path)
        let platform = try Platform.assemble(AppConfiguration(port: 0, bcryptCost: 4), store: store, cardKeys: nil)
        try await platform.prepare()
        try await buildApplication(platform, logger: Logger(label: "dancu-test")).test(.live) { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
        }
        #expect(try await platform.register.count() == 0)  // still open: the caller closes it
        await store.close()
    }

    /// On PostgreSQL the server spools its reads' log entries while the database fails over; a command
    /// does not (its work needs the primary anyway), so it never shares the spool of a server running
    /// on its data directory.
    @Test(.enabled(if: Backend.postgresURL != nil)) func onlyTheServerSpoolsReadEntries() async throws {
        try await Backend.withPostgresDatabase { url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-app-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let spoolFile = directory.appendingPathComponent("dancu-access-log-spool.sqlite").path
            let configuration = AppConfiguration(database: url, dataDirectory: directory.path, port: 0, bcryptCost: 4)

            let command = try await Platform.open(configuration, spoolingReads: false)
            #expect(command.gate.spool == nil)
            await command.close()
            #expect(!FileManager.default.fileExists(atPath: spoolFile))

            let server = try await Platform.open(configuration)
            #expect(server.gate.spool != nil)
            await server.close()
            #expect(FileManager.default.fileExists(atPath: spoolFile))
        }
    }
}
