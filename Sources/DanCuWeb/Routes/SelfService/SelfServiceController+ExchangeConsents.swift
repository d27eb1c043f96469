import DanCuAPI
import DanCuAccess
import DanCuEID
import DanCuExchange
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The citizen's consents to member systems that are not government bodies: given, listed, withdrawn.
extension SelfServiceController {
    private func gateway() throws -> ExchangeGateway {
        guard let exchange else { throw ExchangeRefusal.unavailable }
        return exchange
    }

    private func holder(_ account: String, _ requestId: String) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: account, displayName: account, role: .citizen, jurisdiction: .nation), purpose: .selfService,
            requestId: requestId)
    }

    static func consent(_ c: ConsentLedger.Consent) -> Components.Schemas.ExchangeConsent {
        func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
        return .init(
            id: c.id, member: c.member, fields: c.fields, purpose: c.purpose.rawValue, givenAt: date(c.givenAt), validUntil: date(c.validUntil),
            withdrawnAt: c.withdrawnAt.map(date))
    }

    func myExchangeConsents(_ input: Operations.MyExchangeConsents.Input) async throws -> Operations.MyExchangeConsents.Output {
        let (_, session, requestId) = try await citizen()
        let consents = try await gateway().consents(for: holder(session.account, requestId))
        return .ok(.init(body: .json(.init(items: consents.map(Self.consent)))))
    }

    func giveExchangeConsent(_ input: Operations.GiveExchangeConsent.Input) async throws -> Operations.GiveExchangeConsent.Output {
        let (_, session, requestId) = try await citizen()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let consent = try await gateway().giveConsent(
            to: body.member, fields: body.fields, purpose: body.purpose, days: body.days, for: holder(session.account, requestId))
        return .created(.init(body: .json(Self.consent(consent))))
    }

    /// The citizen's integrated documents: every member's linked records about them.
    func myLinkedRecords(_ input: Operations.MyLinkedRecords.Input) async throws -> Operations.MyLinkedRecords.Output {
        let (_, session, requestId) = try await citizen()
        let records = try await gateway().ownLinkedRecords(for: holder(session.account, requestId))
        let items = try records.map { r in
            Components.Schemas.LinkedRecord(
                id: Int(r.id), _type: r.type, data: try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(r.data.utf8)), member: r.member,
                subsystem: r.subsystem, legalBasis: r.legalBasis, recordedAt: Date(timeIntervalSince1970: Double(r.recordedAt) / 1_000_000))
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func withdrawExchangeConsent(_ input: Operations.WithdrawExchangeConsent.Input) async throws -> Operations.WithdrawExchangeConsent.Output {
        let (_, session, requestId) = try await citizen()
        let id = try Parameters.text(input.path.id, "id", maxLength: 64)
        guard try await gateway().withdrawConsent(id, for: holder(session.account, requestId)) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "no live consent \(id) of yours")
        }
        return .noContent(.init())
    }
}
