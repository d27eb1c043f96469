public import DanCuAccess
public import DanCuCore
import DanCuRegister
public import DanCuStore
public import Foundation
import X509

/// The card office's use cases: take an application with its biometrics, approve or refuse it,
/// personalise the chip, hand the card over, and record what happens to it later. Each runs in one
/// transaction with its event and, through the grant's witness, its access-log entry.
///
/// Every function that touches a person's card takes a `AccessGrant`, which only the gate makes: the office
/// cannot be used around the gate. `Cards` asks the gate and calls the office.
public struct CardOffice: Sendable {
    public let store: any Store
    public let reference: ReferenceData
    public let keys: CardKeyStore
    /// Card dates are Viet Nam's civil dates; events carry its instants.
    public let clock: CivilClock
    let vault: DataVault

    public init(store: any Store, reference: ReferenceData = .bundled, keys: CardKeyStore, clock: CivilClock = .system) {
        self.store = store
        self.clock = clock
        self.reference = reference
        self.keys = keys
        vault = keys.cardVault
    }

    public func migrate() async throws {
        try await Migrator.migrate(store, CardSchema.migrations)
    }

    // MARK: Applications

    /// Takes an application for a person in the register: alive, a citizen with a known residence, no
    /// other application open, the kind fitting the person's earlier cards, and biometrics fitting
    /// their age. The biometrics are sealed in the vault. A re-issue for a card lost or stolen ends
    /// that card at once, so it cannot be used while the new one is made. `alongside` writes in the
    /// same transaction (a public service's step approval).
    public func apply(
        for number: PersonalNumber, _ application: CardApplication, grant: AccessGrant,
        on day: LocalDate? = nil, alongside: (@Sendable (IdentityCard, any SQLConnection) throws -> Void)? = nil
    ) async throws -> IdentityCard {
        try grant.require(number.rawValue)
        let day = day ?? clock.today()
        let clock = self.clock
        let vault = self.vault
        let witness = grant.witness
        let officer = grant.actor
        let card = try await store.write { db in
            guard let person = try grant.person(number, in: db)?.person else { throw RegisterError.personNotFound(number) }
            let table = CardTable(db: db)
            let earlier = try table.cards(of: number)
            if let open = earlier.first(where: { !$0.status.hasEnded && $0.status != .active }) {
                throw CardError.conflict("application \(open.cardId) is still \(open.status.rawValue)")
            }
            let problems = CardApplicationRules.problems(application, person: person, earlierCards: earlier, day: day)
            guard problems.isEmpty else { throw CardError.invalid(problems) }
            let seq = earlier.count + 1
            let cardId = "\(number.rawValue)-\(seq)"
            let now = clock.nowMicros()
            try table.insert(cardId, number: number, seq: seq, application: application, at: now)
            try table.appendEvent(
                cardId, seq: 1, event: "apply", status: .applied, officer: officer,
                reason: application.reason?.rawValue, at: now)
            if !application.biometrics.isEmpty {
                try db.execute(
                    "INSERT INTO card_biometrics (card_id, sealed) VALUES (?, ?)",
                    [.text(cardId), .blob(try vault.seal(application.biometrics.encoded, boundTo: cardId))])
            }
            if let lost = application.reason, lost == .lost || lost == .stolen {
                for old in earlier where old.status == .active || old.status == .produced {
                    try table.advance(
                        old, to: lost == .lost ? .lost : .stolen, event: (lost == .lost ? CardEvent.reportLost : .reportStolen).name,
                        officer: officer, reason: "re-issue \(cardId)", at: now)
                }
            }
            try witness.didWrite(RegisterWrite(people: [number], created: cardId), in: db)
            guard let card = try table.load(cardId) else { throw CardError.cardNotFound(cardId) }
            try alongside?(card, db)
            return card
        }
        try await grant.relay()
        return card
    }

    // MARK: What happens to a card

    /// Approves, refuses, delivers, reports lost, stolen or damaged, expires or revokes a card.
    /// Production has its own use case (`produce`), because it signs the chip. Delivering a card
    /// replaces the holder's card it renews.
    public func record(
        _ event: CardEvent, on cardId: String, grant: AccessGrant, reason: String?, expectedVersion: Int?,
        on day: LocalDate? = nil
    ) async throws -> IdentityCard {
        try grant.require(try Cards.holder(of: cardId).rawValue)
        let day = day ?? clock.today()
        let clock = self.clock
        let officer = grant.actor
        guard event != .produce else { return try await produce(cardId, grant: grant, expectedVersion: expectedVersion) }
        guard event != .replace else {
            throw CardError.invalid([RuleViolation(field: "event", rule: "notByHand", detail: "a card is replaced by delivering its successor")])
        }
        if [.refuse, .revoke].contains(event), (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw CardError.invalid([RuleViolation(field: "reason", rule: "reasonRequired", detail: "say why the card is \(event.pastTense)")])
        }
        let witness = grant.witness
        let updated = try await store.write { db in
            let table = CardTable(db: db)
            let card = try Self.load(cardId, expectedVersion: expectedVersion, table: table)
            let status = try Self.next(event, card)
            if event == .expire, let expiry = card.expiresOn, day <= expiry {
                throw CardError.conflict("the card is valid until \(expiry)")
            }
            let now = clock.nowMicros()
            if event == .deliver {
                for other in try table.cards(of: card.personalNumber) where other.cardId != cardId && other.status == .active {
                    try table.advance(other, to: .replaced, event: CardEvent.replace.name, officer: officer, reason: "replaced by \(cardId)", at: now)
                }
            }
            try table.advance(card, to: status, event: event.name, officer: officer, reason: reason?.nfc, at: now)
            try witness.didWrite(RegisterWrite(people: [card.personalNumber], created: nil), in: db)
            guard let updated = try table.load(cardId) else { throw CardError.cardNotFound(cardId) }
            return updated
        }
        try await grant.relay()
        return updated
    }

    /// Personalises the chip of an approved card from the register's record of today: the LDS with the
    /// face from the application, new chip keys, and EF.SOD signed by the Document Signer valid now.
    /// The files and keys are sealed in the vault.
    public func produce(_ cardId: String, grant: AccessGrant, expectedVersion: Int?, at given: Date? = nil) async throws -> IdentityCard {
        try grant.require(try Cards.holder(of: cardId).rawValue)
        let time = given ?? Date(timeIntervalSince1970: Double(clock.nowMicros()) / 1_000_000)
        let signer = try keys.documentSigner(at: time)
        let vault = self.vault
        let witness = grant.witness
        let reference = self.reference
        let clock = self.clock
        let officer = grant.actor
        let updated = try await store.write { db in
            let table = CardTable(db: db)
            let card = try Self.load(cardId, expectedVersion: expectedVersion, table: table)
            let status = try Self.next(.produce, card)
            guard let current = try grant.person(card.personalNumber, in: db) else {
                throw RegisterError.personNotFound(card.personalNumber)
            }
            let person = current.person
            guard person.isAlive else { throw CardError.conflict("the register records the holder as \(person.vitalStatus.label)") }
            let issuedOn = CivilClock.civilDate(micros: Int64((time.timeIntervalSince1970 * 1_000_000).rounded()))
            let data = CardData(person: person, issuedOn: issuedOn, reference: reference)
            let face = try Self.face(cardId, db: db, vault: vault)
            let chipKeys = ChipKeys()
            let files = try ChipPersonalisation.files(
                data: data, face: face, sex: person.sex, keys: chipKeys, signer: signer,
                signingTime: time)
            try db.execute(
                "INSERT INTO card_chips (card_id, files, chip_keys) VALUES (?,?,?)",
                [
                    .text(cardId), .blob(try vault.seal(files.encoded, boundTo: cardId)),
                    .blob(try vault.seal(chipKeys.encoded, boundTo: cardId + "/keys")),
                ])
            let serial = ByteText.hex(signer.certificate.serialNumber.bytes)
            try db.execute(
                """
                UPDATE cards SET issued_on = ?, expires_on = ?, sod_digest = ?, document_signer = ?, person_version = ? WHERE card_id = ?
                """,
                [
                    .text(issuedOn.description), data.expiry.map { .text($0.description) } ?? .null, .text(files.sodDigest),
                    .text(serial), .int(Int64(current.version)), .text(cardId),
                ])
            try table.advance(card, to: status, event: CardEvent.produce.name, officer: officer, reason: nil, at: clock.nowMicros())
            try witness.didWrite(RegisterWrite(people: [card.personalNumber], created: nil), in: db)
            guard let updated = try table.load(cardId) else { throw CardError.cardNotFound(cardId) }
            return updated
        }
        try await grant.relay()
        return updated
    }

    static func load(_ cardId: String, expectedVersion: Int?, table: CardTable) throws -> IdentityCard {
        guard let card = try table.load(cardId) else { throw CardError.cardNotFound(cardId) }
        if let expectedVersion, expectedVersion != card.version {
            throw CardError.versionConflict(expected: expectedVersion, actual: card.version)
        }
        return card
    }

    static func next(_ event: CardEvent, _ card: IdentityCard) throws -> CardStatus {
        do { return try event.apply(to: card.status) } catch { throw CardError.conflict(error.detail) }
    }

    static func face(_ cardId: String, db: any SQLConnection, vault: DataVault) throws -> JPEGImage? {
        guard let sealed = try db.queryOne("SELECT sealed FROM card_biometrics WHERE card_id = ?", [.text(cardId)])?["sealed"],
            case .blob(let bytes) = sealed
        else { return nil }
        let biometrics = try Biometrics(encoded: try vault.open(bytes, boundTo: cardId))
        return try biometrics.face.map { try JPEGImage(bytes: $0) }
    }
}
