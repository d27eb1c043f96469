public import DanCuAccess
public import DanCuCard
public import DanCuCore
@_spi(Gate) public import DanCuRegister
public import DanCuStore
import Foundation

/// A small register behind the gate, for tests: four people in three wards of two provinces, and one
/// officer of each role, with jurisdictions that cover some of them and not others.
public struct GateFixture: Sendable {
    /// Ba Đình and Ngọc Hà in Hà Nội (01); Bình Chánh in Hồ Chí Minh City (79). Current codes.
    public static let wardA = "00004", wardB = "00008", wardC = "27637"
    public static let password = "correct horse battery staple"

    public let register: Register
    public let accounts: OfficerAccounts
    public let gate: Gate
    /// The card office behind the gate, with a CSCA and a Document Signer of its own.
    public let cards: CardOffice
    /// The card office as the edge uses it: each call asks the gate.
    public let cardDesk: Cards
    /// On SQLite the access log has a file of its own and its subject index a third, as `dancu serve`
    /// keeps them; on PostgreSQL the log shares the register's database.
    public let logStore: any Store
    /// a1 and a2 live in ward A, b1 in ward B, c1 in ward C.
    public let people: [String: PersonalNumber]
    /// communeA, communeB, province01, province79, central, auditor, admin, bank (a relying party).
    public let officers: [String: Officer]

    public static func place(_ ward: String, detail: String = "Số 1") -> Place {
        let province = ward == wardC ? "79" : "01"
        return Place(provinceCode: province, wardCode: ward, detail: detail)
    }

    public static func person(_ number: String, _ name: String, born: String, sex: Sex, ward: String) throws -> Person {
        let home = place(ward)
        return Person(
            personalNumber: try PersonalNumber(number), name: try VietnameseName(name), dateOfBirth: try PartialDate(iso: born),
            sex: sex, birthRegistrationPlace: home, legacyIdNumber: nil,
            permanentResidence: Residence(place: home, since: try LocalDate(iso: "2015-01-01")), currentResidence: home)
    }

    /// Builds the fixture on a fresh database of `backend` and runs `body` with it.
    public static func with<T>(_ backend: Backend, _ body: (GateFixture) async throws -> T) async throws -> T {
        try await backend.withRegister { register in
            let accounts = OfficerAccounts(store: register.store, hasher: PasswordHasher(cost: 4), units: register.reference.units)
            try await accounts.migrate()
            var people: [String: PersonalNumber] = [:]
            for (key, number, name, born, sex, ward) in [
                ("a1", "001080000101", "Nguyễn Văn An", "1980-03-04", Sex.male, wardA),
                ("a2", "001182000102", "Trần Thị Bích", "1982-07-08", Sex.female, wardA),
                ("b1", "001075000103", "Lê Văn Cường", "1975-01-02", Sex.male, wardB),
                ("c1", "079190000104", "Phạm Thị Dung", "1990-11-12", Sex.female, wardC),
            ] {
                let entered = try await register.registerExisting(try person(number, name, born: born, sex: sex, ward: ward), officer: "fixture")
                people[key] = entered.personalNumber
            }
            var officers: [String: Officer] = [:]
            for (key, username, role, place) in [
                ("communeA", "commune.a", Role.communeOfficer, "ward:\(wardA)"),
                ("communeB", "commune.b", Role.communeOfficer, "ward:\(wardB)"),
                ("province01", "province.01", Role.provinceOfficer, "province:01"),
                ("province79", "province.79", Role.provinceOfficer, "province:79"),
                ("central", "central", Role.centralOfficer, "nation"),
                ("auditor", "auditor", Role.auditor, "nation"),
                ("admin", "admin", Role.administrator, "nation"),
                ("bank", "bank", Role.relyingParty, "nation"),
            ] {
                officers[key] = try await accounts.add(
                    username: username, displayName: key, role: role, jurisdiction: place,
                    password: password
                ).officer
            }
            let keyDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-test-keys-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: keyDirectory) }
            let keys = try CardKeyStore(dataDirectory: keyDirectory, environment: [:])
            _ = try keys.initCSCA(now: Date().addingTimeInterval(-86_400))
            _ = try keys.issueDocumentSigner(days: 90, now: Date().addingTimeInterval(-3_600))
            let cards = CardOffice(store: register.store, reference: register.reference, keys: keys)
            try await cards.migrate()
            var separateLog: SQLiteStore?
            var separateIndex: SQLiteStore?
            let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-test-log-\(UUID().uuidString).sqlite").path
            let indexPath = logPath.replacingOccurrences(of: ".sqlite", with: "-index.sqlite")
            if register.store.dialect == .sqlite {
                separateLog = try SQLiteStore(path: logPath, journal: .writeAheadCheckpointedInBackground)
                separateIndex = try SQLiteStore(path: indexPath, journal: .writeAheadCheckpointedInBackground)
            }
            let logStore: any Store = separateLog ?? register.store
            let gate = Gate(register: register.followed(by: DeathRevokesCards()), logStore: logStore, logIndexStore: separateIndex)
            let fixture = GateFixture(
                register: register, accounts: accounts, gate: gate, cards: cards,
                cardDesk: Cards(gate: gate, office: cards, verifier: try CardVerifier(office: cards)), logStore: logStore,
                people: people, officers: officers)
            do {
                try await gate.prepare()
                let result = try await body(fixture)
                await Self.drop(separateLog, at: logPath)
                await Self.drop(separateIndex, at: indexPath)
                return result
            } catch {
                await Self.drop(separateLog, at: logPath)
                await Self.drop(separateIndex, at: indexPath)
                throw error
            }
        }
    }

    static func drop(_ store: SQLiteStore?, at path: String) async {
        guard let store else { return }
        await store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    public func request(_ officer: String, _ purpose: Purpose? = .residenceManagement, id: String = "test") throws -> AccessRequest {
        guard let o = officers[officer] else { throw AccessError.officerNotFound(officer) }
        return AccessRequest(officer: o, purpose: purpose, requestId: id)
    }

    public func number(_ key: String) throws -> PersonalNumber {
        guard let n = people[key] else { throw RegisterError.invalid([RuleViolation(field: "fixture", rule: "unknown", detail: key)]) }
        return n
    }

    /// Rows of the access log, oldest first (read straight from the table, not through the gate).
    public func accessLog() async throws -> [(
        subject: String?, action: String, decision: String, actor: String, requestId: String, role: String,
        purpose: String?
    )] {
        try await logStore.read { db in
            try db.query("SELECT subject, action, decision, actor, request_id, role, purpose FROM access_log ORDER BY id").map {
                (
                    $0["subject"].string, try $0.string("action"), try $0.string("decision"), try $0.string("actor"), try $0.string("request_id"),
                    try $0.string("role"), $0["purpose"].string
                )
            }
        }
    }

    public func count(_ table: String) async throws -> Int {
        try await register.store.read { db in Int(try db.queryOne("SELECT COUNT(*) AS n FROM \(table)")?["n"].int ?? -1) }
    }
}
