public import DanCuAccess
public import DanCuCore
public import DanCuRegister
public import DanCuStore

extension CardOffice {
    /// One card; the read is logged in the grant's name, as every read below.
    public func card(_ cardId: String, grant: AccessGrant) async throws -> IdentityCard {
        try grant.require(try Cards.holder(of: cardId).rawValue)
        let card = try await store.read { db in
            guard let card = try CardTable(db: db).load(cardId) else { throw CardError.cardNotFound(cardId) }
            return card
        }
        try await grant.logRead()
        return card
    }

    /// A person's cards, oldest first.
    public func cards(of number: PersonalNumber, grant: AccessGrant) async throws -> [IdentityCard] {
        try grant.require(number.rawValue)
        let cards = try await store.read { db in try CardTable(db: db).cards(of: number) }
        try await grant.logRead()
        return cards
    }

    /// Whether the person holds a card valid on `day`: a check inside the granted work (eID level
    /// rules), answered yes or no and covered by the work's own entry.
    public func holdsValidCard(_ number: PersonalNumber, on day: LocalDate, grant: AccessGrant) async throws -> Bool {
        try grant.require(number.rawValue)
        return try await store.read { db in try CardTable(db: db).cards(of: number) }.contains { $0.isValid(on: day) }
    }

    /// The face taken with the holder's latest application that has one: the register's photo of the
    /// person, which eID registration compares a live face with.
    public func referenceFace(of number: PersonalNumber, grant: AccessGrant) async throws -> [UInt8]? {
        try grant.require(number.rawValue)
        let vault = self.vault
        let row = try await store.read { db in
            try db.queryOne(
                """
                SELECT b.card_id, b.sealed FROM card_biometrics b JOIN cards c ON c.card_id = b.card_id
                WHERE c.personal_number = ? AND c.status NOT IN ('refused') ORDER BY c.seq DESC LIMIT 1
                """, [.text(number.rawValue)])
        }
        guard let row, case .blob(let sealed) = row["sealed"] else { return nil }
        let face = try Biometrics(encoded: try vault.open(sealed, boundTo: try row.string("card_id"))).face
        try await grant.logRead()
        return face
    }

    /// The chip's files of a produced card, opened from the vault.
    public func chip(_ cardId: String, grant: AccessGrant) async throws -> ChipFiles {
        try await simulatedChip(cardId, grant: grant).files
    }

    /// The chip's files and its private keys: what a simulated chip needs to answer a reader.
    public func simulatedChip(_ cardId: String, grant: AccessGrant) async throws -> (files: ChipFiles, keys: ChipKeys) {
        try grant.require(try Cards.holder(of: cardId).rawValue)
        let chip = try await sealedChip(cardId)
        try await grant.logRead()
        return chip
    }

    func sealedChip(_ cardId: String) async throws -> (files: ChipFiles, keys: ChipKeys) {
        let vault = self.vault
        let sealed = try await store.readOne { db in
            try db.queryOne("SELECT files, chip_keys FROM card_chips WHERE card_id = ?", [.text(cardId)])
        }
        guard let sealed, case .blob(let files) = sealed["files"], case .blob(let keys) = sealed["chip_keys"] else {
            throw CardError.conflict("card \(cardId) has no chip yet: it is produced after approval")
        }
        return (
            try ChipFiles(encoded: try vault.open(files, boundTo: cardId)),
            try ChipKeys(encoded: try vault.open(keys, boundTo: cardId + "/keys"))
        )
    }

    /// The card a chip belongs to, found by its EF.SOD, with the holder's current record: what the
    /// verifier compares the chip with. Nil when no card of this register has that EF.SOD. The grant is
    /// one for verifying any card; the caller logs the holder it finds.
    func standing(sodDigest: String, grant: AccessGrant) async throws -> CardStanding? {
        try await store.read { db in
            guard
                let row = try db.queryOne(
                    """
                    SELECT card_id, personal_number, status, issued_on, expires_on, person_version FROM cards WHERE sod_digest = ?
                    """, [.text(sodDigest)])
            else { return nil }
            let number = try PersonalNumber(try row.string("personal_number"))
            guard let status = CardStatus(rawValue: try row.string("status")),
                let issued = row["issued_on"].string.flatMap({ try? LocalDate(iso: $0) })
            else {
                throw StoreError.unexpectedValue(column: "status")
            }
            guard let holder = try grant.anyPerson(number, in: db) else { return nil }
            return CardStanding(
                cardId: try row.string("card_id"), personalNumber: number, status: status, issuedOn: issued,
                expiresOn: row["expires_on"].string.flatMap { try? LocalDate(iso: $0) },
                madeFromVersion: row["person_version"].int.map(Int.init), holder: holder)
        }
    }
}

/// Revokes the cards of a person whose death the register records, in the same transaction.
public struct DeathRevokesCards: RegisterFollower {
    public init() {}

    public func follow(_ write: RegisterWrite, in db: any SQLConnection) throws {
        let table = CardTable(db: db)
        for event in write.events {
            guard case .deathRecorded = event.change else { continue }
            for card in try table.cards(of: event.personalNumber) where !card.status.hasEnded {
                try table.advance(
                    card, to: .revoked, event: CardEvent.revoke.name, officer: event.officer,
                    reason: "the register records the holder's death", at: event.recordedAt)
            }
        }
    }
}
