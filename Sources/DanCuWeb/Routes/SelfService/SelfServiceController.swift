import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuExchange
import DanCuRegister
import DanCuTransparency
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Citizen self-service over JSON (`/me/api`): the holder signs in with their eID and reads their own
/// data. The session token comes from `POST /me/api/session` and goes in `Authorization: Bearer`.
/// Every read passes the gate as the citizen, purpose `self-service`, and is logged.
struct SelfServiceController: Sendable {
    /// Nil where the installation has no eID (no card keys): 503.
    let service: CitizenSelfService?
    let accounts: OfficerAccounts
    let units: AdministrativeUnits
    /// The exchange: member systems by name for the citizen's access log, and consents to them.
    let exchange: ExchangeGateway?
    /// The public log each entry of the holder's access log is proved to be in.
    let transparency: PublicLog?

    private func me() throws -> CitizenSelfService {
        guard let service else { throw CardError.unavailable("this installation has no card keys, so no eID self-service") }
        return service
    }

    /// The signed-in citizen behind `Authorization: Bearer`, or 401.
    func citizen() async throws -> (token: String, session: BrowserSession, requestId: String) {
        let me = try me()
        let operation = try OperationContext.required()
        guard let token = OfficerAuthMiddleware.bearer(operation.head.headerFields) else {
            throw AccessError.unauthenticated("sign in first: POST /me/api/session, then Authorization: Bearer TOKEN")
        }
        guard let session = try await me.session(token) else { throw AccessError.unauthenticated("the session has ended: sign in again") }
        return (token, session, operation.requestId)
    }

    func citizenSignIn(_ input: Operations.CitizenSignIn.Input) async throws -> Operations.CitizenSignIn.Output {
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let (token, _) = try await me().signIn(body.username, password: body.password, requestId: try OperationContext.required().requestId)
        return .created(
            .init(
                headers: .init(cacheControl: "no-store"),
                body: .json(.init(token: token, expiresIn: Int(OIDCProvider.sessionLifetime)))))
    }

    func citizenSignOut(_ input: Operations.CitizenSignOut.Input) async throws -> Operations.CitizenSignOut.Output {
        try await me().signOut(try await citizen().token)
        return .noContent(.init())
    }

    func myRecord(_ input: Operations.MyRecord.Input) async throws -> Operations.MyRecord.Output {
        let (_, session, requestId) = try await citizen()
        guard !session.account.hasPrefix(ResidenceCard.subjectPrefix) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "foreigners are not in the population register: GET /me/api/residence-card")
        }
        let record = try await me().record(session, requestId: requestId)
        return .ok(.init(headers: .init(eTag: "\"\(record.version)\""), body: .json(.init(person: record.person, version: record.version))))
    }

    func myResidenceCard(_ input: Operations.MyResidenceCard.Input) async throws -> Operations.MyResidenceCard.Output {
        let (_, session, requestId) = try await citizen()
        guard let card = try await me().residenceCard(session, requestId: requestId) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "a citizen's record is the register's: GET /me/api/record")
        }
        return .ok(.init(body: .json(EIDController.card(card))))
    }

    func myAccount(_ input: Operations.MyAccount.Input) async throws -> Operations.MyAccount.Output {
        let (_, session, requestId) = try await citizen()
        return .ok(.init(body: .json(try await me().account(session, requestId: requestId))))
    }

    func myConsents(_ input: Operations.MyConsents.Input) async throws -> Operations.MyConsents.Output {
        let (_, session, requestId) = try await citizen()
        return .ok(.init(body: .json(.init(items: try await me().consents(session, requestId: requestId)))))
    }

    func withdrawMyConsent(_ input: Operations.WithdrawMyConsent.Input) async throws -> Operations.WithdrawMyConsent.Output {
        let (_, session, requestId) = try await citizen()
        let clientId = try Parameters.text(input.path.clientId, "clientId", maxLength: 128)
        guard try await me().withdrawConsent(session, from: clientId, requestId: requestId) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "no live consent for \(clientId)")
        }
        return .noContent(.init())
    }

    func mySignIns(_ input: Operations.MySignIns.Input) async throws -> Operations.MySignIns.Output {
        let (_, session, requestId) = try await citizen()
        let limit = try Parameters.whole(input.query.limit, "limit", in: 1...200) ?? 50
        return .ok(.init(body: .json(.init(items: try await me().authentications(session, limit: limit, requestId: requestId)))))
    }

    func myAccessLog(_ input: Operations.MyAccessLog.Input) async throws -> Operations.MyAccessLog.Output {
        let (_, session, requestId) = try await citizen()
        let before = try Parameters.whole(input.query.cursor, "cursor", in: 1...Int(Int64.max / 2)).map(Int64.init)
        let limit = try Parameters.whole(input.query.limit, "limit", in: 1...500) ?? 100
        let entries = try await me().accessLog(session, before: before, limit: limit, requestId: requestId)
        let evidence = try await transparency?.evidence(for: entries.compactMap(\.leaf))
        let items = await CitizenAccessLog.items(entries, me: session.account, accounts: accounts, units: units, members: exchange?.members).map { item in
            Components.Schemas.CitizenAccessLogEntry(
                id: Int(item.id), at: Date(timeIntervalSince1970: Double(item.micros) / 1_000_000), who: item.who, role: item.role,
                actor: item.actor, action: item.action, actionText: item.actionText, purpose: item.purpose, purposeText: item.purposeText,
                fields: item.fields, fieldsText: item.fieldsText, decision: item.decision, legalBasis: item.legalBasis,
                transparency: item.leaf.map { leaf in Self.evidence(item, leaf: leaf, evidence) })
        }
        let checkpoint = evidence.map { Components.Schemas.TransparencyCheckpoint(note: $0.checkpoint, size: $0.size, vkey: $0.vkey) }
        return .ok(
            .init(
                body: .json(
                    .init(items: items, nextCursor: items.count == limit ? items.last.map { String($0.id) } : nil, checkpoint: checkpoint))))
    }

    /// An entry's place in the transparency log; its entry, opening and proof once a checkpoint covers it.
    static func evidence(_ item: CitizenAccessLog.Item, leaf: Int64, _ evidence: Evidence?) -> Components.Schemas.TransparencyEvidence {
        guard let proof = evidence?.proofs[leaf], let entry = item.publicEntry, let opening = item.opening else { return .init(leaf: leaf) }
        return .init(
            leaf: leaf, entry: Base64EncodedData(entry), opening: Base64EncodedData(opening), committed: String(decoding: item.committed, as: UTF8.self),
            proof: proof.map { Base64EncodedData($0) })
    }

    func endMySessions(_ input: Operations.EndMySessions.Input) async throws -> Operations.EndMySessions.Output {
        let (_, session, requestId) = try await citizen()
        try await me().signOutEverywhere(session, requestId: requestId)
        return .noContent(.init())
    }

    func addMyAuthenticator(_ input: Operations.AddMyAuthenticator.Input) async throws -> Operations.AddMyAuthenticator.Output {
        let (_, session, requestId) = try await citizen()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let url = try await me().enrolAuthenticatorApp(session, password: body.password, requestId: requestId)
        return .created(.init(headers: .init(cacheControl: "no-store"), body: .json(.init(otpauthURL: url))))
    }

    func registerMyOrganisation(_ input: Operations.RegisterMyOrganisation.Input) async throws -> Operations.RegisterMyOrganisation.Output {
        let (_, session, requestId) = try await citizen()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let account = try await me().registerOrganisation(
            session, code: body.code, contact: try Contact(phone: body.phone, email: body.email),
            password: body.password, requestId: requestId)
        return .created(.init(body: .json(account)))
    }

    func lockMyEID(_ input: Operations.LockMyEID.Input) async throws -> Operations.LockMyEID.Output {
        let (_, session, requestId) = try await citizen()
        return .ok(.init(body: .json(try await me().lock(session, requestId: requestId))))
    }

    func unlockMyEID(_ input: Operations.UnlockMyEID.Input) async throws -> Operations.UnlockMyEID.Output {
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let account = try await me().unlock(
            body.username, password: body.password, passcode: body.passcode,
            requestId: try OperationContext.required().requestId)
        return .ok(.init(body: .json(account)))
    }
}
