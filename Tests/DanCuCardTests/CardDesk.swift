import DanCuAccess
import DanCuCard
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation

/// A card office on a fresh register of `backend`, with its own CSCA and Document Signer, and three
/// people: an adult, a child of four and a foreigner.
struct CardDesk {
    let register: Register
    let gate: Gate
    let office: CardOffice
    let verifier: CardVerifier
    let keys: CardKeyStore
    static let adult = "001080000201", child = "001322000202", foreigner = "001185000203"

    static func with<T>(_ backend: Backend, _ body: (CardDesk) async throws -> T) async throws -> T {
        try await backend.withRegister { plain in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-card-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let keys = try CardKeyStore(dataDirectory: directory, environment: [:])
            _ = try keys.initCSCA(now: Date().addingTimeInterval(-86_400))
            _ = try keys.issueDocumentSigner(days: 90, now: Date().addingTimeInterval(-3_600))
            let office = CardOffice(store: plain.store, reference: plain.reference, keys: keys)
            try await office.migrate()
            let register = plain.followed(by: DeathRevokesCards())
            let home = Place(provinceCode: "01", wardCode: "00004", detail: "Số 1")
            for (number, name, born, sex, nationality) in [
                (adult, "Nguyễn Văn An", "1980-03-04", Sex.male, "VNM"),
                (child, "Trần Bảo Ngọc", "2022-05-06", Sex.female, "VNM"),
                (foreigner, "Lê Thị Hoa", "1985-01-02", Sex.female, "FRA"),
            ] {
                var person = Person(
                    personalNumber: try PersonalNumber(number), name: try VietnameseName(name),
                    dateOfBirth: try PartialDate(iso: born), sex: sex, birthRegistrationPlace: home,
                    permanentResidence: Residence(place: home, since: try LocalDate(iso: "2015-01-01")), currentResidence: home)
                person.nationality = nationality
                _ = try await register.registerExisting(person, officer: "desk")
            }
            try await OfficerAccounts(store: plain.store).migrate()
            let gate = Gate(register: register)
            try await gate.prepare()
            return try await body(CardDesk(register: register, gate: gate, office: office, verifier: try CardVerifier(office: office), keys: keys))
        }
    }

    /// Every step of a card of `number`, asked of the gate by a central officer.
    func grant(_ number: PersonalNumber) async throws -> AccessGrant { try await TestGrants.cards(gate, number) }
    func grant(_ number: String) async throws -> AccessGrant { try await TestGrants.cards(gate, try PersonalNumber(number)) }
    func grant(card cardId: String) async throws -> AccessGrant { try await TestGrants.cards(gate, card: cardId) }

    /// A bank's grant to verify any card.
    func verifyGrant() async throws -> AccessGrant {
        let bank = AccessRequest(
            officer: Officer(username: "bank", displayName: "Bank", role: .relyingParty, jurisdiction: .nation),
            purpose: .identityVerification, requestId: "test")
        return try await gate.grant(bank, .cardVerification, subject: nil, action: "card-verify", fields: ["cardStatus", "identity"])
    }

    static func adultBiometrics() throws -> Biometrics {
        Biometrics(
            face: try SyntheticFace.jpeg(), fingerprints: [Array(repeating: 7, count: 400), Array(repeating: 9, count: 380)],
            irises: [Array(repeating: 3, count: 600)])
    }

    /// Applies, approves, produces and delivers a first card for `number`.
    func activeCard(_ number: String = adult, biometrics: Biometrics? = nil) async throws -> IdentityCard {
        let applied = try await office.apply(
            for: try PersonalNumber(number),
            CardApplication(kind: .first, reason: nil, biometrics: try biometrics ?? Self.adultBiometrics()),
            grant: try await grant(number))
        _ = try await office.record(.approve, on: applied.cardId, grant: try await self.grant(card: applied.cardId), reason: nil, expectedVersion: 1)
        _ = try await office.produce(applied.cardId, grant: try await self.grant(card: applied.cardId), expectedVersion: 2)
        return try await office.record(.deliver, on: applied.cardId, grant: try await self.grant(card: applied.cardId), reason: nil, expectedVersion: 3)
    }

    /// What a reader sends for `card`: every file, and an active-authentication challenge answered by
    /// the chip's key.
    func readerRequest(_ card: IdentityCard, withActiveAuthentication: Bool = true) async throws -> CardVerificationRequest {
        let (files, chipKeys) = try await office.simulatedChip(card.cardId, grant: try await self.grant(card: card.cardId))
        guard withActiveAuthentication else { return CardVerificationRequest(sod: files.sod, dataGroups: files.dataGroups) }
        let challenge = (0..<8).map { _ in UInt8.random(in: 0...255) }
        return CardVerificationRequest(
            sod: files.sod, dataGroups: files.dataGroups, challenge: challenge,
            signature: try ActiveAuthentication.sign(challenge: challenge, with: chipKeys.activeAuthentication))
    }

    static func failed(_ verdict: SignedVerdict) -> [String] { verdict.verdict.checks.filter { !$0.passed }.map(\.name) }
}
