import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation

/// The demo a first `dancu serve` sets up: a synthetic population with a fixed seed and one officer of
/// each role, whose passwords are shown once and kept in a file only the owner can read.
enum DemoData {
    static let seed: UInt64 = 20_250_701

    static func seedIfEmpty(_ platform: Platform, people: Int) async throws {
        let register = platform.register
        let gate = platform.gate
        let accounts = platform.services.accounts
        let cards = platform.services.cards
        let eid = platform.services.eid
        let dataDirectory = platform.configuration.dataDirectory
        let officers = try await accounts.list()
        guard try await register.count() == 0, officers.isEmpty else { return }
        Console.line("Empty database: seeding a demo population of \(people) people (seed \(seed))")
        let desk = SystemDesk(register: register, gate: gate, request: SystemDesk.request("demo"), platform: nil)
        try await Seed.fill(desk, people: people, seed: seed, batch: 10_000)
        let ward = try await busiestWard(register)
        let province = register.reference.units.ward(ward)?.provinceCode ?? "01"
        let demo: [(String, String, Role, String)] = [
            ("commune.officer", "Cán bộ Công an xã (demo)", .communeOfficer, "ward:\(ward)"),
            ("civil.status", "Công chức tư pháp - hộ tịch xã (demo)", .civilStatusOfficer, "ward:\(ward)"),
            ("province.officer", "Cán bộ Công an tỉnh (demo)", .provinceOfficer, "province:\(province)"),
            ("central.officer", "Cán bộ C06 (demo)", .centralOfficer, "nation"),
            ("auditor", "Kiểm tra viên (demo)", .auditor, "nation"),
            ("admin", "Quản trị viên (demo)", .administrator, "nation"),
            ("demo.bank", "Ngân hàng (demo relying party)", .relyingParty, "nation"),
        ]
        var lines = ["# DanCu demo officers: username password role jurisdiction. Shown once; delete this file when noted."]
        for (username, name, role, place) in demo {
            let (_, password) = try await accounts.add(username: username, displayName: name, role: role, jurisdiction: place)
            lines.append("\(username) \(password) \(role.rawValue) \(place)")
        }
        if let cards {
            // Demo cards and the demo eID are made in the name of the demo central officer, as at a counter.
            let central = try await accounts.officer("central.officer")
            let issuing = AccessRequest(officer: central, purpose: .identityCard, requestId: "demo-" + UUID().uuidString.lowercased())
            let made = try await demoCards(cards, request: issuing, register: register, ward: ward)
            FileManager.default.createFile(
                atPath: dataDirectory + "/demo-cards.txt", contents: Data(made.map { $0 + "\n" }.joined().utf8),
                attributes: [.posixPermissions: 0o600])
            // A citizen with a level-2 eID account, to sign in with at relying parties and to apply for public services.
            let counter = AccessRequest(officer: central, purpose: .citizenRequest, requestId: issuing.requestId)
            if let eid, let number = try await demoCitizen(made, gate: gate, request: counter, ward: ward, today: gate.clock.today()) {
                let holder = number.rawValue
                let password = Secrets.newPassword()
                _ = try await gate.eidAccountWork(.register, of: number, for: counter) { grant in
                    try await eid.registerInPerson(
                        number, level: .level2, contact: try Contact(phone: "0900000001", email: nil),
                        password: password, grant: grant)
                }
                let passcode = try await demoPasscode(eid, holder)
                lines.append("\(holder) \(password) citizen-eid-level2 passcode:\(passcode)")
            }
        }
        let digitiser = AccessRequest(
            officer: try await accounts.officer("central.officer"), purpose: .dataCorrection, requestId: "demo-" + UUID().uuidString.lowercased())
        try await DemoQuality.prepare(platform, ward: ward, request: digitiser)
        // The exchange's demo members, registered by the demo administrator.
        lines += try await DemoExchange.register(platform, by: "admin")
        let path = dataDirectory + "/demo-credentials.txt"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        else {
            throw ValidationError("cannot write \(path)")
        }
        Console.line("Demo accounts (one-time passwords, also in \(path)):")
        for line in lines.dropFirst() { Console.line("  " + line) }
    }

    /// A random six-digit passcode the rules accept (drawn again when it is guessable), set on the account.
    static func demoPasscode(_ eid: EIDService, _ subject: String) async throws -> String {
        while true {
            let passcode = String(format: "%06d", Int.random(in: 0..<1_000_000))
            do {
                try await eid.setPasscode(subject, passcode)
                return passcode
            } catch EIDError.invalid { continue }
        }
    }

    /// Active cards for the first adults of the demo commune's ward, so that the tour has chips to verify.
    /// People of parenting age first: the first card's holder becomes the demo citizen with an eID, who
    /// applies for a newborn's birth in the tours (the register refuses a parent implausibly old).
    static func demoCards(_ cards: Cards, request: AccessRequest, register: Register, ward: String, count: Int = 20) async throws -> [String] {
        let numbers = try await register.store.read { db in
            try db.query(
                """
                SELECT personal_number FROM persons WHERE ward_code = ? AND vital_status = 'alive' AND birth_year <= 2005
                ORDER BY CASE WHEN birth_year BETWEEN 1986 AND 2000 THEN 0 ELSE 1 END, personal_number LIMIT ?
                """, [.text(ward), .int(Int64(count * 10))]
            ).map { try $0.string("personal_number") }
        }
        let face = try SyntheticFace.jpeg()
        var made: [String] = []
        for text in numbers where made.count < count {
            let number = try PersonalNumber(text)
            do {
                let grant = try await cards.gate.grant(
                    request, on: number, need: { .card(.produce, $0) }, action: "card-issue",
                    fields: ["identityCard"])
                made.append(try await cards.office.issueFirstCard(to: number, face: face, grant: grant).cardId)
            } catch CardError.invalid {
                continue  // not eligible (a foreigner, no residence): the demo skips them
            }
        }
        Console.line("Demo cards: \(made.count) active identity cards in ward \(ward) (ids in demo-cards.txt), e.g. \(made.first ?? "none")")
        return made
    }

    /// The demo citizen: the first card holder of an age to have a newborn (the tours apply for one) whose
    /// permanent residence is the demo ward (where the demo officers handle their applications); else the
    /// first card holder.
    static func demoCitizen(_ made: [String], gate: Gate, request: AccessRequest, ward: String, today: LocalDate) async throws -> PersonalNumber? {
        let holders = made.compactMap { try? PersonalNumber(String($0.prefix(12))) }
        for number in holders {
            let person = try await gate.person(number, for: request).person
            if person.permanentResidence?.place.wardCode == ward, (20...45).contains(person.dateOfBirth.age(on: today)) { return number }
        }
        return holders.first
    }

    /// The ward with the most residents, so the demo commune officer has people to work with.
    static func busiestWard(_ register: Register) async throws -> String {
        try await register.store.read { db in
            try db.queryOne(
                """
                SELECT ward_code, COUNT(*) AS n FROM persons WHERE ward_code IS NOT NULL
                GROUP BY ward_code ORDER BY n DESC, ward_code LIMIT 1
                """)?["ward_code"].string ?? "00004"
        }
    }
}

/// Writes a line to standard output at once, unbuffered, so it shows up in a log file or pipe as it is made.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
