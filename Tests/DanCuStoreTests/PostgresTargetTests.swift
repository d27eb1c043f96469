import DanCuStore
import Testing

/// libpq's URL forms, one host or several: the hosts in order, credentials percent-decoded, and which
/// server will do (`target_session_attrs`); anything else is refused by name.
@Suite struct PostgresTargetTests {
    @Test func oneHostTakesTheDefaultPort() throws {
        let target = try PostgresTarget(url: "postgres://dancu:s%40cret@db.example/dancu")
        #expect(target.hosts.map(\.description) == ["db.example:5432"])
        #expect(target.user == "dancu")
        #expect(target.password == "s@cret")
        #expect(target.database == "dancu")
        #expect(target.sessionAttributes == .readWrite)
        #expect(!target.location.contains("cret"))
    }

    @Test func severalHostsKeepTheirOrderAndPorts() throws {
        let target = try PostgresTarget(url: "postgresql://u:p@10.0.0.1:6001,10.0.0.2:6002,10.0.0.3/register?target_session_attrs=read-write")
        #expect(target.hosts.map(\.description) == ["10.0.0.1:6001", "10.0.0.2:6002", "10.0.0.3:5432"])
        #expect(target.location == "postgres://10.0.0.1:6001,10.0.0.2:6002,10.0.0.3:5432/register")
        #expect(try PostgresTarget(url: "postgres://u@h1,h2/db?target_session_attrs=any").sessionAttributes == .any)
        #expect(try PostgresTarget(url: "postgres://h1/db").user == "postgres")
    }

    @Test func sessionAttributesSayWhichHostWillDo() throws {
        let standby = try PostgresTarget(url: "postgres://u@h1,h2/db?target_session_attrs=prefer-standby").sessionAttributes
        #expect(standby == .preferStandby)
        #expect(standby.accepts(inRecovery: false, readOnly: false))
        let primary = try PostgresTarget(url: "postgres://u@h1,h2/db?target_session_attrs=primary").sessionAttributes
        #expect(!primary.accepts(inRecovery: true, readOnly: true))
        #expect(!primary.accepts(inRecovery: false, readOnly: true))
        #expect(primary.accepts(inRecovery: false, readOnly: false))
        #expect(PostgresTarget.SessionAttributes.standby.accepts(inRecovery: true, readOnly: true))
        #expect(!PostgresTarget.SessionAttributes.standby.accepts(inRecovery: false, readOnly: true))
        #expect(PostgresTarget.SessionAttributes.readOnly.accepts(inRecovery: false, readOnly: true))
    }

    @Test(arguments: [
        "mysql://u@h/db", "postgres://u@/db", "postgres://u@h1,,h2/db", "postgres://u@h:0/db", "postgres://u@h:port/db",
        "postgres://u@h/db?target_session_attrs=standby-please",
    ])
    func aURLThatCannotBeUsedIsRefused(url: String) {
        #expect(throws: StoreError.self) { try PostgresTarget(url: url) }
    }
}
