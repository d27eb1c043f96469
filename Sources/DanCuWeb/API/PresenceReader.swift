import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuCore
import HTTPTypes

/// `"presence"` in the body of a write for a person who lives outside the officer's area: the full name
/// and date of birth the person shows at the counter, or their card's chip as `/v1/cards/verify` takes it.
struct PresenceReader: Sendable {
    /// Nil where the installation has no card keys: a chip cannot be checked there.
    let cards: Cards?

    func read(_ body: Components.Schemas.Presence?, _ request: AccessRequest) throws -> CounterPresence? {
        guard let body else { return nil }
        if let chip = body.chip {
            guard let cards else {
                throw Problem.badField(
                    "presence.chip", "this installation has no card keys: identify the person by name and date of birth",
                    rule: "unavailable")
            }
            return .chip(ChipPresence(cards: cards, chip: try Self.verification(chip, field: "presence.chip"), request: request))
        }
        guard let fullName = body.fullName, !fullName.isEmpty else {
            throw Problem.badField("presence.fullName", "give the full name on the person's card, or presence.chip", rule: "required")
        }
        guard let text = body.dateOfBirth else {
            throw Problem.badField("presence.dateOfBirth", "give the date of birth on the person's card", rule: "required")
        }
        do { return .declared(fullName: fullName, dateOfBirth: try PartialDate(iso: text)) } catch {
            throw Problem.badField("presence.dateOfBirth", error.description, rule: "date")
        }
    }

    /// A chip's files as the verification service takes them; data groups are numbered 1 to 16.
    static func verification(_ chip: Components.Schemas.CardVerification, field: String?) throws -> CardVerificationRequest {
        let prefix = field.map { $0 + "." } ?? ""
        var groups: [Int: [UInt8]] = [:]
        for (key, value) in chip.dataGroups.additionalProperties {
            guard let number = Int(key), (1...16).contains(number) else {
                throw Problem.badField(
                    "\(prefix)dataGroups.\(key.prefix(8))", "data groups are numbered 1 to 16", rule: "dataGroup",
                    status: .unprocessableContent)
            }
            groups[number] = try Parameters.bytes(value, field: "\(prefix)dataGroups.\(number)")
        }
        return CardVerificationRequest(
            sod: try Parameters.bytes(chip.sod, field: prefix + "sod"), dataGroups: groups,
            challenge: try chip.challenge.map { try Parameters.bytes($0, field: prefix + "challenge") },
            signature: try chip.signature.map { try Parameters.bytes($0, field: prefix + "signature") })
    }
}
