import Crypto
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

/// eID accounts on a register with card holders: an adult with an active card, a child of 10 with one,
/// and an adult without a card.
struct EIDDesk {
    let register: Register
    let gate: Gate
    let cards: CardOffice
    let eid: EIDService
    let verifier: CardVerifier
    static let adult = "001080000301", child = "001316000302", noCard = "001075000303"
    static let password = "một mật khẩu dài đủ"

    static func with<T>(_ backend: Backend, _ body: (EIDDesk) async throws -> T) async throws -> T {
        try await backend.withRegister { plain in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-eid-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let keys = try CardKeyStore(dataDirectory: directory, environment: [:])
            _ = try keys.initCSCA(now: Date().addingTimeInterval(-86_400))
            _ = try keys.issueDocumentSigner(days: 90, now: Date().addingTimeInterval(-3_600))
            let cards = CardOffice(store: plain.store, reference: plain.reference, keys: keys)
            try await cards.migrate()
            let register = plain.followed(by: DeathRevokesCards()).followed(by: DeathLocksEID())
            try await OfficerAccounts(store: plain.store).migrate()
            let gate = Gate(register: register)
            try await gate.prepare()
            let eid = EIDService(store: plain.store, cards: cards, gate: gate, hasher: PasswordHasher(cost: 4))
            try await eid.migrate()
            let home = Place(provinceCode: "01", wardCode: "00004", detail: "Số 3")
            for (number, name, born, sex) in [
                (adult, "Phạm Văn Minh", "1980-02-03", Sex.male), (child, "Phạm Thị Lan", "2016-05-06", Sex.female),
                (noCard, "Đỗ Văn Nam", "1975-08-09", Sex.male),
            ] {
                _ = try await register.registerExisting(
                    Person(
                        personalNumber: try PersonalNumber(number), name: try VietnameseName(name),
                        dateOfBirth: try PartialDate(iso: born), sex: sex, birthRegistrationPlace: home,
                        permanentResidence: Residence(place: home, since: try LocalDate(iso: "2010-01-01")),
                        currentResidence: home), officer: "desk")
            }
            let desk = EIDDesk(register: register, gate: gate, cards: cards, eid: eid, verifier: try CardVerifier(office: cards))
            for number in [adult, child] { _ = try await desk.activeCard(number) }
            return try await body(desk)
        }
    }

    func activeCard(_ number: String) async throws -> IdentityCard {
        try await cards.issueFirstCard(
            to: try PersonalNumber(number), face: try SyntheticFace.jpeg(),
            grant: try await TestGrants.cards(gate, try PersonalNumber(number)))
    }

    /// An officer's grant for `work` on the account of `subject`, asked of the gate.
    func grant(_ work: EIDWork, _ subject: String) async throws -> AccessGrant {
        try await gate.grant(
            TestGrants.request(.citizenRequest), on: try PersonalNumber(subject), need: { .eidAccount(work, $0) },
            action: "eid-" + work.rawValue, fields: ["eidAccount"])
    }

    /// The holder's own grant, signed in (self-service).
    func own(_ subject: String) async throws -> AccessGrant {
        let holder = AccessRequest(
            officer: Officer(username: subject, displayName: subject, role: .citizen, jurisdiction: .nation),
            purpose: .selfService, requestId: "test")
        return try await gate.grant(holder, .ownData(subject: subject), subject: subject, action: "self-eid", fields: ["eidAccount"])
    }

    /// Registers the adult online at level 1.
    func adultAccount() async throws -> EIDAccount {
        let contact = try Contact(phone: "0912345678", email: nil)
        let code = try await eid.requestCode(for: Self.adult, contact: contact)
        return try await eid.registerOnline(
            try PersonalNumber(Self.adult), contact: contact, code: code, password: Self.password,
            face: try SyntheticFace.jpeg(), requestId: "test")
    }
}

@Suite struct EIDServiceTests {
    static func rules(_ work: () async throws -> Void) async -> [String] {
        do {
            try await work()
            return []
        } catch EIDError.invalid(let problems) { return problems.map { "\($0.field):\($0.rule)" } } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: Backend.all) func aCitizenRegistersOnlineAtLevel1(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            let contact = try Contact(phone: "+84 912 345 678", email: nil)
            #expect(contact == .phone("0912345678"))
            let code = try await desk.eid.requestCode(for: EIDDesk.adult, contact: contact)
            let number = try PersonalNumber(EIDDesk.adult)
            #expect(
                await Self.rules {
                    _ = try await desk.eid.registerOnline(
                        number, contact: contact, code: code == "000000" ? "111111" : "000000",
                        password: EIDDesk.password, face: try SyntheticFace.jpeg(), requestId: "test")
                } == ["code:wrongCode"])
            #expect(
                await Self.rules {
                    _ = try await desk.eid.registerOnline(
                        number, contact: contact, code: code, password: EIDDesk.password, face: Array("another face".utf8), requestId: "test")
                } == ["face:noMatch"])
            let account = try await desk.eid.registerOnline(
                number, contact: contact, code: code, password: EIDDesk.password,
                face: try SyntheticFace.jpeg(), requestId: "test")
            #expect(account.level == .level1 && account.status == .active && account.phone == "0912345678")
            // The code was used up; the account exists once.
            await #expect(throws: EIDError.self) {
                _ = try await desk.eid.registerOnline(
                    number, contact: contact, code: code, password: EIDDesk.password, face: try SyntheticFace.jpeg(), requestId: "test")
            }
        }
    }

    /// Five wrong codes use the code up: even the right one is refused then. Before the face matches, a
    /// dead person's number answers like any other wrong face.
    @Test(arguments: Backend.all) func codesAllowFiveTriesAndRefusalsTellNothingBeforeTheFace(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            let contact = try Contact(phone: "0912345678", email: nil)
            let number = try PersonalNumber(EIDDesk.adult)
            let code = try await desk.eid.requestCode(for: EIDDesk.adult, contact: contact)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                #expect(
                    await Self.rules {
                        _ = try await desk.eid.registerOnline(
                            number, contact: contact, code: wrong, password: EIDDesk.password, face: try SyntheticFace.jpeg(), requestId: "test")
                    } == ["code:wrongCode"])
            }
            #expect(
                await Self.rules {
                    _ = try await desk.eid.registerOnline(
                        number, contact: contact, code: code, password: EIDDesk.password, face: try SyntheticFace.jpeg(), requestId: "test")
                } == ["code:codeExpired"])

            _ = try await desk.register.record(
                .deathRecorded(date: PartialDate(CivilClock.system.today())), for: number, validFrom: CivilClock.system.today(),
                officer: "desk")
            let again = try await desk.eid.requestCode(for: EIDDesk.adult, contact: contact)
            #expect(
                await Self.rules {
                    _ = try await desk.eid.registerOnline(
                        number, contact: contact, code: again, password: EIDDesk.password, face: Array("a stranger".utf8), requestId: "test")
                } == ["face:noMatch"])
        }
    }

    @Test(arguments: Backend.all) func whoMayHoldWhichLevel(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            let contact = try Contact(phone: nil, email: "Ten@Example.VN")
            // The child matches the face of their card and is told why not; without a photo the answer is the
            // one a stranger with a wrong face gets, so nothing about a number leaks before the face matches.
            for (number, expected) in [(EIDDesk.child, ["channel:onRequest"]), (EIDDesk.noCard, ["face:noMatch"])] {
                let code = try await desk.eid.requestCode(for: number, contact: contact)
                #expect(
                    await Self.rules {
                        _ = try await desk.eid.registerOnline(
                            try PersonalNumber(number), contact: contact, code: code, password: EIDDesk.password,
                            face: try SyntheticFace.jpeg(), requestId: "test")
                    } == expected)
            }
            // An officer makes the child's account on request, at level 2 (the child is 10).
            let child = try await desk.eid.registerInPerson(
                try PersonalNumber(EIDDesk.child), level: .level2, contact: contact,
                password: EIDDesk.password, grant: try await desk.grant(.register, EIDDesk.child))
            #expect(child.level == .level2 && child.email == "ten@example.vn")
            let org = try await desk.eid.registerOrganisation(code: "0101234567", contact: contact, password: EIDDesk.password)
            #expect(org.kind == .organisation && org.level == nil)
        }
    }

    @Test(arguments: Backend.all) func theCardsChipRaisesAnAccountToLevel2(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            _ = try await desk.adultAccount()
            let number = try PersonalNumber(EIDDesk.adult)
            let cardId = EIDDesk.adult + "-1"
            let (files, keys) = try await desk.cards.simulatedChip(cardId, grant: try await TestGrants.cards(desk.gate, card: cardId))
            let challenge = Array("eid-challenge-01".utf8)
            let chip = CardVerificationRequest(
                sod: files.sod, dataGroups: files.dataGroups, challenge: challenge,
                signature: try ActiveAuthentication.sign(challenge: challenge, with: keys.activeAuthentication))
            // Another person's card does not raise this account; nor does a clone.
            let (childFiles, childKeys) = try await desk.cards.simulatedChip(
                EIDDesk.child + "-1", grant: try await TestGrants.cards(desk.gate, card: EIDDesk.child + "-1"))
            let other = CardVerificationRequest(
                sod: childFiles.sod, dataGroups: childFiles.dataGroups, challenge: challenge,
                signature: try ActiveAuthentication.sign(challenge: challenge, with: childKeys.activeAuthentication))
            #expect(
                await Self.rules {
                    _ = try await desk.eid.raiseToLevel2(
                        number, chip: other, face: try SyntheticFace.jpeg(), verifier: desk.verifier, grant: try await desk.own(EIDDesk.adult))
                } == ["chip:verification"])
            let clone = CardVerificationRequest(
                sod: files.sod, dataGroups: files.dataGroups, challenge: challenge,
                signature: try ActiveAuthentication.sign(challenge: challenge, with: P256.Signing.PrivateKey()))
            #expect(
                await Self.rules {
                    _ = try await desk.eid.raiseToLevel2(
                        number, chip: clone, face: try SyntheticFace.jpeg(), verifier: desk.verifier, grant: try await desk.own(EIDDesk.adult))
                } == ["chip:verification"])
            let raised = try await desk.eid.raiseToLevel2(
                number, chip: chip, face: try SyntheticFace.jpeg(), verifier: desk.verifier, grant: try await desk.own(EIDDesk.adult))
            #expect(raised.level == .level2)
            #expect(try await desk.eid.history(EIDDesk.adult).first?.method == "raise-level")
        }
    }

    @Test(arguments: Backend.all) func wrongPasswordsMakeTheAccountWaitAndUnknownAccountsLookTheSame(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            _ = try await desk.adultAccount()
            #expect(try await desk.eid.authenticate(EIDDesk.adult, password: EIDDesk.password).subject == EIDDesk.adult)
            for _ in 0..<5 {
                await #expect(throws: EIDError.authenticationFailed) { _ = try await desk.eid.authenticate(EIDDesk.adult, password: "not the password") }
                await #expect(throws: EIDError.authenticationFailed) { _ = try await desk.eid.authenticate(EIDDesk.noCard, password: "not the password") }
            }
            // Waiting now: even the right password gets the same answer as an unknown account.
            await #expect(throws: EIDError.authenticationFailed) { _ = try await desk.eid.authenticate(EIDDesk.adult, password: EIDDesk.password) }
            let failures = try await desk.eid.history(EIDDesk.adult).filter { $0.outcome == "failed" }.count
            #expect(failures == 5)
        }
    }

    @Test(arguments: Backend.all) func totpAndPasscode(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            _ = try await desk.adultAccount()
            let url = try await desk.eid.enrolTOTP(EIDDesk.adult)
            let secret = try #require(url.split(separator: "secret=").last?.split(separator: "&").first)
            let now = Int64(Date().timeIntervalSince1970)
            let code = TOTP(secret: try Self.base32Decode(String(secret))).code(at: now)
            #expect(try await desk.eid.authenticate(EIDDesk.adult, totp: code, at: now).hasTOTP)
            await #expect(throws: EIDError.authenticationFailed) { _ = try await desk.eid.authenticate(EIDDesk.adult, totp: code, at: now) }  // replay

            #expect(await Self.rules { try await desk.eid.setPasscode(EIDDesk.adult, "123456") } == ["passcode:guessable"])
            #expect(await Self.rules { try await desk.eid.setPasscode(EIDDesk.adult, "12a456") } == ["passcode:sixDigits"])
            try await desk.eid.setPasscode(EIDDesk.adult, "480913")
            #expect(try await desk.eid.confirm(EIDDesk.adult, passcode: "480913").hasPasscode)
            await #expect(throws: EIDError.authenticationFailed) { _ = try await desk.eid.confirm(EIDDesk.adult, passcode: "480914") }
        }
    }

    @Test(arguments: Backend.all) func lockUnlockAndADeathLocks(backend: Backend) async throws {
        try await EIDDesk.with(backend) { desk in
            _ = try await desk.adultAccount()
            #expect(try await desk.eid.lock(EIDDesk.adult, grant: try await desk.own(EIDDesk.adult), reason: "phone stolen").status == .locked)
            await #expect(throws: EIDError.accountLocked("phone stolen (\(EIDDesk.adult))")) {
                _ = try await desk.eid.authenticate(EIDDesk.adult, password: EIDDesk.password)
            }
            _ = try await desk.eid.unlock(EIDDesk.adult, grant: try await desk.grant(.unlock, EIDDesk.adult))
            #expect(try await desk.eid.authenticate(EIDDesk.adult, password: EIDDesk.password).status == .active)
            _ = try await desk.register.record(
                .deathRecorded(date: PartialDate(CivilClock.system.today())), for: try PersonalNumber(EIDDesk.adult),
                validFrom: CivilClock.system.today(), officer: "hộ tịch")
            let locked = try await desk.eid.account(EIDDesk.adult)
            #expect(locked.status == .locked && locked.lockReason == "the register records the holder's death")
            await #expect(throws: EIDError.self) { _ = try await desk.eid.unlock(EIDDesk.adult, grant: try await desk.grant(.unlock, EIDDesk.adult)) }
            #expect(try await desk.eid.account(EIDDesk.adult).status == .locked)
        }
    }

    static func base32Decode(_ text: String) throws -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for c in text {
            let value = try #require(alphabet.firstIndex(of: c))
            buffer = buffer << 5 | value
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return out
    }
}
