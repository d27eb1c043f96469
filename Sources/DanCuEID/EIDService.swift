public import DanCuAccess
public import DanCuCard
public import DanCuCore
public import DanCuRegister
public import DanCuStore
import Foundation

/// The eID accounts' use cases: registration (level 1 online, any level by an officer), raising to
/// level 2, locking and unlocking. Authentication is in `EIDService+Authentication.swift`.
public struct EIDService: Sendable {
    public let store: any Store
    let cards: CardOffice
    /// Every read of a person's data and every change to their account goes through a grant of this gate.
    let gate: Gate
    let vault: DataVault
    let hasher: PasswordHasher
    let matcher: any FaceMatcher
    public let policy: Policy
    /// The card office's clock: ages and card validity on Viet Nam's date, events at its instants.
    let clock: CivilClock
    /// A bcrypt hash of no password, checked when the account does not exist, so that an unknown
    /// identifier costs the same time as a known one with a wrong password.
    let decoyHash: String

    public struct Policy: Sendable {
        /// Failures in a row before the first wait; each further failure doubles it, up to `maxWaitSeconds`.
        public var freeFailures = 5
        public var firstWaitSeconds: Int64 = 60
        public var maxWaitSeconds: Int64 = 3_600
        public var codeLifetimeSeconds: Int64 = 300
        public var codeAttempts = 5

        public init() {}
    }

    public init(
        store: any Store, cards: CardOffice, gate: Gate, hasher: PasswordHasher = PasswordHasher(),
        matcher: any FaceMatcher = IdenticalImageMatcher(), policy: Policy = Policy()
    ) {
        self.store = store
        self.cards = cards
        self.gate = gate
        vault = cards.keys.vault(purpose: "eid secrets")
        self.hasher = hasher
        self.matcher = matcher
        self.policy = policy
        clock = cards.clock
        decoyHash = hasher.hash("decoy: no such account")
    }

    public func migrate() async throws {
        try await Migrator.migrate(store, EIDSchema.migrations)
    }

    // MARK: Proving a phone or e-mail

    /// Makes a six-digit code for `contact` and returns it for delivery (SMS or e-mail is the caller's
    /// channel). Only its hash is kept; it lasts five minutes and allows five tries.
    public func requestCode(for subject: String, contact: Contact) async throws -> String {
        let code = Self.newCode()
        let expires = clock.nowMicros() + policy.codeLifetimeSeconds * 1_000_000
        try await store.write { db in try Self.keep(code, for: subject, contact: contact, expires: expires, in: db) }
        return code
    }

    static func newCode() -> String {
        var rng = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0...999_999, using: &rng))
    }

    /// Replaces the subject's code with `code`, kept as a hash.
    static func keep(_ code: String, for subject: String, contact: Contact, expires: Int64, in db: any SQLConnection) throws {
        try db.execute("DELETE FROM eid_codes WHERE subject = ?", [.text(subject)])
        try db.execute(
            "INSERT INTO eid_codes (subject, contact, code_hash, expires_at, attempts) VALUES (?,?,?,?,0)",
            [.text(subject), .text(contact.text), .text(codeHash(code, subject: subject)), .int(expires)])
    }

    static func codeHash(_ code: String, subject: String) -> String { Secrets.tokenHash(subject + ":" + code) }

    // MARK: Registration

    /// Level-1 self-registration of a citizen: the personal number, a contact proven by its code, a
    /// password, and a face that the matcher finds to be the register's photo of the holder. The
    /// register must show the person alive, aged 14 or more, with a valid card.
    ///
    /// The code is checked first and the face second, and until the face matches every refusal is the
    /// same whether or not the number has a photo: anyone can own a phone, so only the face shows the
    /// caller is the person, and before that nothing about the person (a photo, a death, an age, an
    /// account) may be told. The code is used up with the account's creation.
    /// Once the code is right, the service reads the register's photo, record and cards as the actor
    /// `system:eid-registration`, at the person's request, and each read is in their access log.
    public func registerOnline(
        _ number: PersonalNumber, contact: Contact, code: String, password: String, face: [UInt8],
        requestId: String, on given: LocalDate? = nil
    ) async throws -> EIDAccount {
        let day = given ?? clock.today()
        do { try PasswordHasher.check(password) } catch {
            throw EIDError.invalid([RuleViolation(field: "password", rule: "password", detail: error.description)])
        }
        let policy = self.policy
        if let refusal = try await store.write({ db in try Self.checkCode(code, subject: number.rawValue, contact: contact, policy: policy, in: db) }) {
            throw refusal
        }
        let grant = try await serviceGrant(number, requestId: requestId, action: "eid-register-online")
        guard let reference = try await cards.referenceFace(of: number, grant: grant), matcher.matches(probe: face, reference: reference) else {
            throw EIDError.invalid([RuleViolation(field: "face", rule: "noMatch", detail: "the face does not match the register's photo (\(matcher.method))")])
        }
        let holder = try await eligibleHolder(number, grant: grant, level: .level1, channel: .selfService, on: day)
        let hash = hasher.hash(password)
        return try await store.write { db in
            if let refusal = try Self.checkCode(code, subject: number.rawValue, contact: contact, policy: policy, in: db) { throw refusal }
            try db.execute("DELETE FROM eid_codes WHERE subject = ?", [.text(number.rawValue)])
            return try Self.insert(
                subject: holder.personalNumber.rawValue, kind: .citizen, level: .level1, contact: contact,
                passwordHash: hash, detail: "online, face by \(matcher.method)", in: db)
        }
    }

    /// An account made by an officer in person, at any level the holder may have, with a first
    /// password the holder changes.
    public func registerInPerson(
        _ number: PersonalNumber, level: AssuranceLevel, contact: Contact, password: String, grant: AccessGrant,
        on given: LocalDate? = nil
    ) async throws -> EIDAccount {
        let day = given ?? clock.today()
        do { try PasswordHasher.check(password) } catch {
            throw EIDError.invalid([RuleViolation(field: "password", rule: "password", detail: error.description)])
        }
        _ = try await eligibleHolder(number, grant: grant, level: level, channel: .officer, on: day)
        let hash = hasher.hash(password)
        let witness = grant.witness
        let officer = grant.actor
        let account = try await store.write { db in
            try witness.didWrite(RegisterWrite(people: [number], created: number.rawValue), in: db)
            return try Self.insert(
                subject: number.rawValue, kind: .citizen, level: level, contact: contact, passwordHash: hash,
                detail: "in person, by \(officer)", in: db)
        }
        try await grant.relay()
        return account
    }

    /// An organisation's one account, with no level, made by its legal representative (`representative`,
    /// their own account's subject) when given.
    public func registerOrganisation(code: String, contact: Contact, password: String, representative: String? = nil) async throws -> EIDAccount {
        guard (3...20).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
            throw EIDError.invalid([RuleViolation(field: "code", rule: "organisationCode", detail: "the tax or establishment code, digits and '-'")])
        }
        do { try PasswordHasher.check(password) } catch {
            throw EIDError.invalid([RuleViolation(field: "password", rule: "password", detail: error.description)])
        }
        let hash = hasher.hash(password)
        return try await store.write { db in
            try Self.insert(
                subject: "org:" + code, kind: .organisation, level: nil, contact: contact, passwordHash: hash,
                detail: representative.map { "by the legal representative \($0)" }, in: db)
        }
    }

    /// Level 2, raised by an officer who checked the holder in person.
    public func raiseToLevel2(_ number: PersonalNumber, grant: AccessGrant, on given: LocalDate? = nil) async throws -> EIDAccount {
        let day = given ?? clock.today()
        _ = try await eligibleHolder(number, grant: grant, level: .level2, channel: .officer, on: day, mustBeNew: false)
        return try await setLevel(number.rawValue, .level2, detail: "in person by \(grant.actor)", grant: grant)
    }

    /// Level 2 by the holder: the card's chip passes every check of the verification service (passive
    /// and active authentication, status, register data), the chip is the holder's, and the face
    /// matches the register's photo. The holder, signed in, reads their own data for it: `grant` is
    /// theirs (`Need.ownData`), so a chip of anyone else reads as unknown.
    public func raiseToLevel2(
        _ number: PersonalNumber, chip: CardVerificationRequest, face: [UInt8], verifier: CardVerifier,
        grant: AccessGrant, on given: LocalDate? = nil
    ) async throws -> EIDAccount {
        let day = given ?? clock.today()
        _ = try await eligibleHolder(number, grant: grant, level: .level2, channel: .selfService, on: day, mustBeNew: false)
        guard chip.challenge != nil else {
            throw EIDError.invalid([
                RuleViolation(
                    field: "challenge", rule: "activeAuthenticationRequired",
                    detail: "raising the level needs the chip's answer to a challenge")
            ])
        }
        let verdict = try await verifier.verify(chip, grant: grant, on: day).verdict
        guard verdict.valid, verdict.personalNumber == number.rawValue else {
            let failed = verdict.checks.filter { !$0.passed }.map(\.name)
            throw EIDError.invalid([
                RuleViolation(
                    field: "chip", rule: "verification",
                    detail: verdict.personalNumber == number.rawValue
                        ? "the chip failed: \(failed.joined(separator: ", "))" : "the chip is not this person's card")
            ])
        }
        guard let reference = try await cards.referenceFace(of: number, grant: grant), matcher.matches(probe: face, reference: reference) else {
            throw EIDError.invalid([RuleViolation(field: "face", rule: "noMatch", detail: "the face does not match the register's photo (\(matcher.method))")])
        }
        return try await setLevel(number.rawValue, .level2, detail: "by the card's chip, verdict \(verdict.verdictId)", grant: grant)
    }

    // MARK: Locking

    /// The holder or an officer locks the account; every authentication is refused until unlocked.
    public func lock(_ subject: String, grant: AccessGrant, reason: String) async throws -> EIDAccount {
        try await changeStatus(subject, to: .locked, reason: "\(reason) (\(grant.actor))", method: "lock", grant: grant)
    }

    /// Lifts a lock, unless the register records the holder as no longer alive: that lock stays.
    public func unlock(_ subject: String, grant: AccessGrant) async throws -> EIDAccount {
        if let number = try? PersonalNumber(subject), let person = try? await grant.person(number).person, !person.isAlive {
            throw EIDError.conflict("the register records the holder as \(person.vitalStatus.label): the account stays locked")
        }
        return try await changeStatus(subject, to: .active, reason: nil, method: "unlock", detail: grant.actor, grant: grant)
    }

    public func account(_ subject: String) async throws -> EIDAccount {
        try await store.read { db in
            guard let account = try Self.load(subject, in: db) else { throw EIDError.accountNotFound(subject) }
            return account
        }
    }

    // MARK: Helpers

    /// The holder's record, checked against the level rules: alive, with a valid card, of an age
    /// that allows `level` through `channel`, and (for a new account) without one.
    func eligibleHolder(
        _ number: PersonalNumber, grant: AccessGrant, level: AssuranceLevel, channel: LevelRules.Channel, on day: LocalDate,
        mustBeNew: Bool = true
    ) async throws -> Person {
        let person: Person
        do { person = try await grant.person(number).person } catch RegisterError.personNotFound {
            throw EIDError.invalid([RuleViolation(field: "personalNumber", rule: "notRegistered", detail: "not in the register")])
        }
        guard person.isAlive else {
            throw EIDError.invalid([
                RuleViolation(field: "personalNumber", rule: "notAlive", detail: "the register records this person as \(person.vitalStatus.label)")
            ])
        }
        let validCard = try await cards.holdsValidCard(number, on: day, grant: grant)
        if let refusal = LevelRules.refusal(
            kind: person.nationality == "VNM" ? .citizen : .foreigner, age: person.dateOfBirth.age(on: day),
            holdsValidCard: validCard, level: level, channel: channel)
        {
            throw EIDError.invalid([refusal])
        }
        if mustBeNew, try await store.read({ db in try Self.load(number.rawValue, in: db) }) != nil {
            throw EIDError.conflict("\(number) already has an eID account")
        }
        return person
    }

    /// Checks a one-time code without using it up. A wrong one counts against its tries, so the caller
    /// commits the check's transaction before refusing: a refusal thrown inside it would roll the count back.
    static func checkCode(_ code: String, subject: String, contact: Contact, policy: Policy, in db: any SQLConnection) throws -> EIDError? {
        guard let row = try db.queryOne("SELECT contact, code_hash, expires_at, attempts FROM eid_codes WHERE subject = ?", [.text(subject)]),
            try row.string("contact") == contact.text, try row.int("expires_at") > WallClock.nowMicros(),
            try row.int("attempts") < Int64(policy.codeAttempts)
        else {
            return .invalid([RuleViolation(field: "code", rule: "codeExpired", detail: "ask for a new code")])
        }
        guard Secrets.constantTimeEqual(Array(try row.string("code_hash").utf8), Array(codeHash(code, subject: subject).utf8)) else {
            try db.execute("UPDATE eid_codes SET attempts = attempts + 1 WHERE subject = ?", [.text(subject)])
            return .invalid([RuleViolation(field: "code", rule: "wrongCode", detail: "the code is wrong")])
        }
        return nil
    }

    static func insert(
        subject: String, kind: AccountKind, level: AssuranceLevel?, contact: Contact, passwordHash: String, detail: String? = nil,
        in db: any SQLConnection
    ) throws -> EIDAccount {
        guard try load(subject, in: db) == nil else { throw EIDError.conflict("\(subject) already has an eID account") }
        var phone: SQLValue = .null
        var email: SQLValue = .null
        switch contact {
        case .phone(let p): phone = .text(p)
        case .email(let e): email = .text(e)
        }
        try db.execute(
            """
            INSERT INTO eid_accounts (subject, kind, level, phone, email, password_hash, status, failures, throttled_until, created_at, version)
            VALUES (?,?,?,?,?,?,'active',0,0,?,1)
            """,
            [
                .text(subject), .text(kind.rawValue), level.map { .int(Int64($0.rawValue)) } ?? .null, phone, email, .text(passwordHash),
                .int(WallClock.nowMicros()),
            ])
        try event(subject, method: "register", outcome: level.map { "level\($0.rawValue)" } ?? "organisation", detail: detail, in: db)
        guard let account = try load(subject, in: db) else { throw EIDError.accountNotFound(subject) }
        return account
    }

    func setLevel(_ subject: String, _ level: AssuranceLevel, detail: String, grant: AccessGrant) async throws -> EIDAccount {
        try grant.require(subject)
        let witness = grant.witness
        let account = try await store.write { db in
            try Self.witness(witness, subject, in: db)
            guard let account = try Self.load(subject, in: db) else { throw EIDError.accountNotFound(subject) }
            guard account.status == .active else { throw EIDError.accountLocked(account.lockReason ?? "locked") }
            try db.execute("UPDATE eid_accounts SET level = ?, version = version + 1 WHERE subject = ?", [.int(Int64(level.rawValue)), .text(subject)])
            try Self.event(subject, method: "raise-level", outcome: "level\(level.rawValue)", detail: detail, in: db)
            guard let updated = try Self.load(subject, in: db) else { throw EIDError.accountNotFound(subject) }
            return updated
        }
        try await grant.relay()
        return account
    }

    func changeStatus(
        _ subject: String, to status: AccountStatus, reason: String?, method: String, detail: String? = nil,
        grant: AccessGrant
    ) async throws -> EIDAccount {
        try grant.require(subject)
        let witness = grant.witness
        let account = try await store.write { db in
            try Self.witness(witness, subject, in: db)
            guard try Self.load(subject, in: db) != nil else { throw EIDError.accountNotFound(subject) }
            try Self.setStatus(subject, status, reason: reason, in: db)
            try Self.event(subject, method: method, outcome: status.rawValue, detail: detail ?? reason, in: db)
            guard let updated = try Self.load(subject, in: db) else { throw EIDError.accountNotFound(subject) }
            return updated
        }
        try await grant.relay()
        return account
    }

    /// The grant under which the service itself reads a person's data while they register online.
    func serviceGrant(_ number: PersonalNumber, requestId: String, action: String) async throws -> AccessGrant {
        let request = AccessRequest(officer: .system("eid-registration"), purpose: .citizenRequest, requestId: requestId)
        return try await gate.grant(
            request, on: number, need: { _ in .eidSelfRegistration }, action: action,
            fields: ["record", "identityCard", "faceImage"])
    }

    /// A lock, whoever places it, also ends the account's sessions and revokes every token relying
    /// parties hold for it, in the same transaction: a locked eID opens nothing.
    static func witness(_ witness: any RegisterWitness, _ subject: String, in db: any SQLConnection) throws {
        guard let number = try? PersonalNumber(subject) else { return }
        try witness.didWrite(RegisterWrite(people: [number], created: nil), in: db)
    }

    static func setStatus(_ subject: String, _ status: AccountStatus, reason: String?, in db: any SQLConnection) throws {
        try db.execute(
            "UPDATE eid_accounts SET status = ?, lock_reason = ?, version = version + 1 WHERE subject = ?",
            [.text(status.rawValue), reason.map { .text($0) } ?? .null, .text(subject)])
        if status == .locked {
            try db.execute("UPDATE oidc_tokens SET state = 'revoked' WHERE account = ? AND state <> 'revoked'", [.text(subject)])
            try db.execute("DELETE FROM oidc_sessions WHERE account = ?", [.text(subject)])
        }
    }

    static func event(_ subject: String, method: String, outcome: String, detail: String?, in db: any SQLConnection) throws {
        try db.execute(
            "INSERT INTO eid_auth_events (subject, at, method, outcome, detail) VALUES (?,?,?,?,?)",
            [.text(subject), .int(WallClock.nowMicros()), .text(method), .text(outcome), detail.map { .text($0) } ?? .null])
    }

    static func load(_ subject: String, in db: any SQLConnection) throws -> EIDAccount? {
        guard
            let row = try db.queryOne(
                """
                SELECT subject, kind, level, phone, email, status, lock_reason, passcode_hash, totp_secret, version FROM eid_accounts WHERE subject = ?
                """, [.text(subject)])
        else { return nil }
        guard let kind = AccountKind(rawValue: try row.string("kind")), let status = AccountStatus(rawValue: try row.string("status")) else {
            throw StoreError.unexpectedValue(column: "kind")
        }
        return EIDAccount(
            subject: try row.string("subject"), kind: kind, level: row["level"].int.flatMap { AssuranceLevel(rawValue: Int($0)) },
            phone: row["phone"].string, email: row["email"].string, status: status, lockReason: row["lock_reason"].string,
            hasTOTP: !row["totp_secret"].isNull, hasPasscode: !row["passcode_hash"].isNull, version: Int(try row.int("version")))
    }
}

/// Locks the eID account of a person whose death the register records, in the same transaction.
public struct DeathLocksEID: RegisterFollower {
    public init() {}

    public func follow(_ write: RegisterWrite, in db: any SQLConnection) throws {
        for event in write.events {
            guard case .deathRecorded = event.change else { continue }
            let subject = event.personalNumber.rawValue
            guard try EIDService.load(subject, in: db) != nil else { continue }
            try EIDService.setStatus(subject, .locked, reason: "the register records the holder's death", in: db)
            try EIDService.event(subject, method: "lock", outcome: "locked", detail: "death recorded by \(event.officer)", in: db)
        }
    }
}
