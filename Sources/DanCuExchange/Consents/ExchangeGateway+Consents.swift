public import DanCuAccess
public import DanCuCore

/// A citizen, signed in with their eID, gives and withdraws consents to non-government members and reads
/// them. Each act passes the gate as self-service on their own data and is in their access log.
extension ExchangeGateway {
    public func giveConsent(to member: String, fields: [String], purpose: Purpose, days: Int, for request: AccessRequest) async throws
        -> ConsentLedger.Consent
    {
        let subject = try await ownNumber("self-give-exchange-consent", request)
        let id = try await consents.give(subject: subject, member: member, fields: fields, purpose: purpose, days: days)
        guard let consent = try await consents.consents(of: subject).first(where: { $0.id == id }) else { throw ExchangeError.unknownMember(member) }
        return consent
    }

    public func withdrawConsent(_ id: String, for request: AccessRequest) async throws -> Bool {
        try await consents.withdraw(id, subject: try await ownNumber("self-withdraw-exchange-consent", request))
    }

    public func consents(for request: AccessRequest) async throws -> [ConsentLedger.Consent] {
        try await consents.consents(of: try await ownNumber("self-read-exchange-consents", request))
    }

    private func ownNumber(_ action: String, _ request: AccessRequest) async throws -> PersonalNumber {
        try await gate.recordOwnAccess(action, fields: ["consents"], for: request)
        guard let number = try? PersonalNumber(request.officer.username) else {
            throw AccessError.forbidden("consents to member systems are for people of the register")
        }
        return number
    }
}
