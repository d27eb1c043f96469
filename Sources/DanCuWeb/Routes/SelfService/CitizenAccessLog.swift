import DanCuAccess
import DanCuCore

/// A citizen's view of who used their data: each entry with its words, and who acted as a unit and a
/// role. An officer's username is not shown (it would let anyone who reads their own log try to sign in
/// as that officer); services and the citizen themselves are named.
enum CitizenAccessLog {
    struct Item {
        let id: Int64
        /// The unit and role of an officer, or the service's or person's identifier.
        let who: String
        let role: String
        /// Only for services and the citizen themselves.
        let actor: String?
        let action: String
        let actionText: String
        let purpose: String?
        let purposeText: String
        let fields: [String]
        let fieldsText: String
        let decision: AccessLogEntry.Decision
        /// The law the access was made under.
        let legalBasis: String?
        /// When, in microseconds since 1970.
        let micros: Int64
    }

    static func items(_ entries: [AccessLogEntry], me: String, accounts: OfficerAccounts, units: AdministrativeUnits) async -> [Item] {
        var officers: [String: Officer?] = [:]
        var items: [Item] = []
        for e in entries {
            if officers[e.actor] == nil, e.actor != me {
                officers[e.actor] = .some(try? await accounts.officer(e.actor))
            }
            let officer = (officers[e.actor] ?? nil).flatMap { $0.role == .relyingParty ? nil : $0 }
            let who = e.actor == me ? "Bạn" : CitizenWords.who(role: e.role, actor: e.actor, officer: (officers[e.actor] ?? nil), units: units)
            items.append(
                Item(
                    id: e.id ?? 0, who: who, role: e.role, actor: officer == nil ? e.actor : nil,
                    action: e.action, actionText: CitizenWords.action(e.action).vi, purpose: e.purpose,
                    purposeText: CitizenWords.purpose(e.purpose).vi, fields: e.fields, fieldsText: CitizenWords.fields(e.fields),
                    decision: e.decision, legalBasis: e.legalBasis, micros: e.at))
        }
        return items
    }
}
