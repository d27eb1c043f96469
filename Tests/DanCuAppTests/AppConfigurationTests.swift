import DanCuAccess
import DanCuApp
import Foundation
import Logging
import Testing

@Suite struct AppConfigurationTests {
    @Test func defaultsNeedNothingSet() async throws {
        let configuration = try await AppConfiguration.load(environment: [:])
        #expect(configuration == AppConfiguration())
        #expect(configuration.database == "sqlite:./dancu-data/dancu.sqlite")
        #expect(configuration.issuer == "http://127.0.0.1:8080")
    }

    @Test func flagsWinOverTheEnvironmentWhichWinsOverTheFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-settings-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"host": "10.0.0.5", "port": 9000, "dataDir": "/srv/dancu", "logLevel": "warning", "officerTotpRoles": "auditor", "bcryptCost": 11}"#.utf8)
            .write(to: file)
        let configuration = try await AppConfiguration.load(
            flags: [.port: "9100", .config: file.path],
            environment: ["DANCU_PORT": "9200", "DANCU_LOG_LEVEL": "debug", "HOST": "ignored"])
        #expect(configuration.port == 9100)  // flag over environment and file
        #expect(configuration.logLevel == .debug)  // environment over file
        #expect(configuration.host == "10.0.0.5")  // file
        #expect(configuration.dataDirectory == "/srv/dancu")
        #expect(configuration.database == "sqlite:/srv/dancu/dancu.sqlite")
        #expect(configuration.issuer == "http://10.0.0.5:9100")
        #expect(configuration.officerSecondFactorRoles == [.auditor])
        #expect(configuration.bcryptCost == 11)  // a number in the file
    }

    @Test func theEnvironmentNamesEverySetting() async throws {
        let configuration = try await AppConfiguration.load(environment: [
            "DANCU_DATABASE": "postgres://u:p@db:5432/dancu", "DANCU_DATA_DIR": "/var/lib/dancu", "DANCU_BCRYPT_COST": "10",
            "DANCU_ISSUER": "https://id.dancu.gov.vn", "DANCU_OFFICER_TOTP_ROLES": "central-officer, administrator",
        ])
        #expect(configuration.database == "postgres://u:p@db:5432/dancu")
        #expect(configuration.dataDirectory == "/var/lib/dancu")
        #expect(configuration.bcryptCost == 10)
        #expect(configuration.issuer == "https://id.dancu.gov.vn")
        #expect(configuration.officerSecondFactorRoles == [.centralOfficer, .administrator])
        #expect(AppConfiguration.Key.officerTotpRoles.environmentName == "DANCU_OFFICER_TOTP_ROLES")
        #expect(configuration.drainSeconds == 0)
        #expect(try await AppConfiguration.load(environment: ["DANCU_DRAIN_SECONDS": "10"]).drainSeconds == 10)
        #expect(configuration.readDatabase == nil)
        let standby = "postgres://u:p@db1:5432,db2:5432/dancu?target_session_attrs=prefer-standby"
        let withStandby = try await AppConfiguration.load(environment: ["DANCU_DATABASE": "postgres://u:p@db1/dancu", "DANCU_READ_DATABASE": standby])
        #expect(withStandby.readDatabase == standby)
    }

    @Test(arguments: [
        (["DANCU_PORT": "eighty"], AppConfiguration.Key.port),
        (["DANCU_PORT": "70000"], .port),
        (["DANCU_BCRYPT_COST": "3"], .bcryptCost),
        (["DANCU_LOG_LEVEL": "loud"], .logLevel),
        (["DANCU_ISSUER": "id.example"], .issuer),
        (["DANCU_OFFICER_TOTP_ROLES": "citizen"], .officerTotpRoles),
        (["DANCU_HOST": "a host"], .host),
        (["DANCU_CONFIG": "/nonexistent/dancu.json"], .config),
        (["DANCU_DRAIN_SECONDS": "-1"], .drainSeconds),
        (["DANCU_DRAIN_SECONDS": "601"], .drainSeconds),
        (["DANCU_DATABASE": "postgres://db/dancu", "DANCU_READ_DATABASE": "sqlite:/tmp/copy.sqlite"], .readDatabase),
        (["DANCU_READ_DATABASE": "postgres://db/dancu"], .readDatabase),
    ])
    func aBadSettingIsNamed(environment: [String: String], key: AppConfiguration.Key) async throws {
        let error = await #expect(throws: AppConfiguration.Invalid.self) { try await AppConfiguration.load(environment: environment) }
        #expect(error?.key == key)
        #expect(error?.description.contains(key.environmentName) == true)
    }

    @Test func aFileThatIsNotJSONIsNamed() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-settings-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("port = 8080".utf8).write(to: file)
        let error = await #expect(throws: AppConfiguration.Invalid.self) { try await AppConfiguration.load(flags: [.config: file.path], environment: [:]) }
        #expect(error?.key == .config)
    }
}
