public import DanCuAccess
public import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

extension EIDService {
    /// A foreigner's account, made by an officer at the holder's request after checking the residence
    /// card against the immigration database (Decree 69 Art. 7: on request, level 1 from any age, level 2
    /// from 6). The card's data is kept with the account, in the same transaction.
    public func registerForeigner(
        _ card: ResidenceCard, level: AssuranceLevel, contact: Contact, password: String, grant: AccessGrant,
        on given: LocalDate? = nil
    ) async throws -> EIDAccount {
        try grant.require(card.subject)
        let day = given ?? clock.today()
        let officer = grant.actor
        do { try PasswordHasher.check(password) } catch {
            throw EIDError.invalid([RuleViolation(field: "password", rule: "password", detail: error.description)])
        }
        if let refusal = LevelRules.refusal(
            kind: .foreigner, age: card.age(on: day), holdsValidCard: card.isValid(on: day), level: level,
            channel: .officer)
        {
            throw EIDError.invalid([refusal])
        }
        let hash = hasher.hash(password)
        let stored = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        return try await store.write { db in
            let account = try Self.insert(
                subject: card.subject, kind: .foreigner, level: level, contact: contact, passwordHash: hash,
                detail: "in person, residence card \(card.number), by \(officer)", in: db)
            try db.execute(
                "INSERT INTO eid_residence_cards (subject, card, recorded_by, recorded_at) VALUES (?,?,?,?)",
                [.text(card.subject), .text(stored), .text(officer), .int(clock.nowMicros())])
            return account
        }
    }

    /// The residence card behind a foreigner's account, or nil for anyone else.
    public func residenceCard(_ subject: String) async throws -> ResidenceCard? {
        guard subject.hasPrefix(ResidenceCard.subjectPrefix) else { return nil }
        return try await store.read { db in try Self.residenceCard(subject, in: db) }
    }

    static func residenceCard(_ subject: String, in db: any SQLConnection) throws -> ResidenceCard? {
        guard let text = try db.queryOne("SELECT card FROM eid_residence_cards WHERE subject = ?", [.text(subject)])?["card"].string else { return nil }
        return try JSONDecoder().decode(ResidenceCard.self, from: Data(text.utf8))
    }
}
