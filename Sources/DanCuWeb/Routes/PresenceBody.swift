import DanCuAccess
import DanCuCard
import DanCuCore
import Foundation

/// `"presence"` in the body of a write for a person who lives outside the officer's area: the full name
/// and date of birth the person shows at the counter, or their card's chip as `/v1/cards/verify` takes it.
struct PresenceBody: Decodable {
    struct Chip: Decodable {
        let sod: String
        let dataGroups: [String: String]
        let challenge: String?
        let signature: String?
    }

    let fullName: String?
    let dateOfBirth: PartialDate?
    let chip: Chip?

    /// The `presence` member of any write body, read apart from the body's own type.
    struct Envelope: Decodable { let presence: PresenceBody? }

    static func from(_ data: Data, _ services: Services, _ request: AccessRequest) throws -> CounterPresence? {
        guard let body = try Handling.decode(Envelope.self, data).presence else { return nil }
        if let chip = body.chip {
            guard let cards = services.cards else {
                throw Problem.badField("presence.chip", "this installation has no card keys: identify the person by name and date of birth",
                                       rule: "unavailable")
            }
            let verification = try CardRoutes.verification(sod: chip.sod, dataGroups: chip.dataGroups, challenge: chip.challenge,
                                                           signature: chip.signature, field: "presence.chip")
            return .chip(ChipPresence(cards: cards, chip: verification, request: request))
        }
        guard let fullName = body.fullName, !fullName.isEmpty else {
            throw Problem.badField("presence.fullName", "give the full name on the person's card, or presence.chip", rule: "required")
        }
        guard let dateOfBirth = body.dateOfBirth else {
            throw Problem.badField("presence.dateOfBirth", "give the date of birth on the person's card", rule: "required")
        }
        return .declared(fullName: fullName, dateOfBirth: dateOfBirth)
    }
}
