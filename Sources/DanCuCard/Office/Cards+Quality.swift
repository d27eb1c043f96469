public import DanCuAccess
public import DanCuCore
import DanCuStore

extension Cards {
    /// A card as the register's quality measures see it.
    public struct ValidCard: Sendable, Hashable {
        public let issuedOn: LocalDate
        /// Nil for a card valid for life.
        public let expiresOn: LocalDate?
    }

    /// The active card of each of `numbers` that holds one, for the system's quality measures
    /// (`system:quality`, purpose `data-quality`): is the card still valid, was it renewed at the ages
    /// the law sets. Each holder found is an access-log entry.
    public func validCards(of numbers: [PersonalNumber], for request: AccessRequest) async throws -> [PersonalNumber: ValidCard] {
        let grant = try await gate.grant(request, Gate.qualityNeed, subject: nil, action: "quality-cards", fields: Self.cardFields)
        let texts = numbers.map(\.rawValue)
        let rows = try await office.store.read { db in
            var found: [(String, String, String?)] = []
            for start in stride(from: 0, to: texts.count, by: 500) {
                let part = texts[start..<min(texts.count, start + 500)]
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                found += try db.query(
                    "SELECT personal_number, issued_on, expires_on FROM cards WHERE status = 'active' AND issued_on IS NOT NULL AND personal_number IN (\(marks))",
                    part.map { .text($0) }
                ).map { (try $0.string("personal_number"), try $0.string("issued_on"), $0["expires_on"].string) }
            }
            return found
        }
        var cards: [PersonalNumber: ValidCard] = [:]
        for (number, issued, expires) in rows {
            guard let holder = try? PersonalNumber(number), let issuedOn = try? LocalDate(iso: issued) else { continue }
            cards[holder] = ValidCard(issuedOn: issuedOn, expiresOn: expires.flatMap { try? LocalDate(iso: $0) })
        }
        try await grant.logAccess(of: cards.keys.map(\.rawValue).sorted())
        return cards
    }
}
