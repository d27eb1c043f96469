import DanCuAccess
import DanCuCore
import DanCuExchange

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
        /// Its leaf in the transparency log, and what its public entry's commitment binds.
        let leaf: Int64?
        let committed: [UInt8]
        /// What opens its public entry's commitment, and that public entry.
        let opening: [UInt8]?
        let publicEntry: [UInt8]?
    }

    static func items(
        _ entries: [AccessLogEntry], me: String, accounts: OfficerAccounts, units: AdministrativeUnits, members: MemberRegistry? = nil
    ) async -> [Item] {
        var officers: [String: Officer?] = [:]
        var memberNames: [String: String] = [:]
        var items: [Item] = []
        for e in entries {
            // A member system's subsystem (`member:BHXH/GIAM-DINH`): its organisation by name, and the subsystem.
            if e.role == Role.memberSystem.rawValue, e.actor.hasPrefix("member:") {
                let identifier = String(e.actor.dropFirst(7))
                let code = String(identifier.prefix { $0 != "/" })
                if memberNames[code] == nil { memberNames[code] = (try? await members?.name(of: code)) ?? code }
                items.append(
                    Item(
                        id: e.id ?? 0, who: "\(memberNames[code] ?? code) (\(identifier))", role: e.role, actor: e.actor, action: e.action,
                        actionText: CitizenWords.action(e.action).vi, purpose: e.purpose, purposeText: CitizenWords.purpose(e.purpose).vi,
                        fields: e.fields, fieldsText: CitizenWords.fields(e.fields), decision: e.decision, legalBasis: e.legalBasis, micros: e.at,
                        leaf: e.leaf, committed: e.committedBytes, opening: e.opening,
                        publicEntry: e.opening.map(e.publicEntry(opening:))))
                continue
            }
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
                    decision: e.decision, legalBasis: e.legalBasis, micros: e.at, leaf: e.leaf, committed: e.committedBytes, opening: e.opening,
                    publicEntry: e.opening.map(e.publicEntry(opening:))))
        }
        return items
    }
}
