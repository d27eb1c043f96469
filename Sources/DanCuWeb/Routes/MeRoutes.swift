import DanCuAccess
import DanCuCore
import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// Citizen self-service over JSON (`/me/api`): the holder signs in with their eID and reads their own
/// data. The session token comes from `POST /me/api/session` and goes in `Authorization: Bearer`.
enum MeRoutes {
    struct SignIn: Decodable {
        let username: String
        let password: String
    }

    struct Unlock: Decodable {
        let username: String
        let password: String
        let passcode: String
    }

    struct Organisation: Decodable {
        let code: String
        let phone: String?
        let email: String?
        let password: String
    }

    struct Password: Decodable {
        let password: String
    }

    struct AuthenticatorApp: Encodable {
        let otpauthURL: String
    }

    struct Session: Encodable {
        let token: String
        let expiresIn: Int64
    }

    struct Items<T: Encodable>: Encodable {
        let items: [T]
        var nextCursor: String?
    }

    static func add(to router: Router<AppContext>, _ services: Services) {
        guard let me = services.selfService else { return }
        let api = router.group("/me/api")

        api.post("/session") { request, context in
            let body = try await Handling.body(SignIn.self, request, context)
            let (token, _) = try await me.signIn(body.username, password: body.password, requestId: context.requestId)
            return try Handling.json(Session(token: token, expiresIn: OIDCProvider.sessionLifetime), status: .created, headers: [.cacheControl: "no-store"])
        }
        api.delete("/session") { request, _ in
            let (token, _) = try await citizen(request, me)
            try await me.signOut(token)
            return Response(status: .noContent)
        }
        api.get("/record") { request, context in
            let (_, session) = try await citizen(request, me)
            guard !session.account.hasPrefix(ResidenceCard.subjectPrefix) else {
                throw Problem(.notFound, "not-found", "Not found", detail: "foreigners are not in the population register: GET /me/api/residence-card")
            }
            return Handling.person(try await me.record(session, requestId: context.requestId))
        }
        api.get("/residence-card") { request, context in
            let (_, session) = try await citizen(request, me)
            guard let card = try await me.residenceCard(session, requestId: context.requestId) else {
                throw Problem(.notFound, "not-found", "Not found", detail: "a citizen's record is the register's: GET /me/api/record")
            }
            return try Handling.json(card)
        }
        api.get("/account") { request, context in
            let (_, session) = try await citizen(request, me)
            return try Handling.json(try await me.account(session, requestId: context.requestId))
        }
        api.get("/consents") { request, context in
            let (_, session) = try await citizen(request, me)
            return try Handling.json(Items(items: try await me.consents(session, requestId: context.requestId)))
        }
        api.delete("/consents/:clientId") { request, context in
            let (_, session) = try await citizen(request, me)
            let clientId = try Handling.pathText(context, "clientId", maxLength: 128)
            guard try await me.withdrawConsent(session, from: clientId, requestId: context.requestId) else {
                throw Problem(.notFound, "not-found", "Not found", detail: "no live consent for \(clientId)")
            }
            return Response(status: .noContent)
        }
        api.get("/authentications") { request, context in
            let (_, session) = try await citizen(request, me)
            let limit = try Handling.queryInt(request, "limit", in: 1...200) ?? 50
            return try Handling.json(Items(items: try await me.authentications(session, limit: limit, requestId: context.requestId)))
        }
        api.get("/access-log") { request, context in
            let (_, session) = try await citizen(request, me)
            let before = try Handling.queryInt(request, "cursor", in: 1...Int(Int64.max / 2)).map(Int64.init)
            let limit = try Handling.queryInt(request, "limit", in: 1...500) ?? 100
            let entries = try await me.accessLog(session, before: before, limit: limit, requestId: context.requestId)
            let items = await CitizenAccessLog.items(entries, me: session.account, accounts: services.accounts, units: services.reference.units)
            return try Handling.json(Items(items: items, nextCursor: items.count == limit ? items.last.map { String($0.id) } : nil))
        }
        api.delete("/sessions") { request, context in
            let (_, session) = try await citizen(request, me)
            try await me.signOutEverywhere(session, requestId: context.requestId)
            return Response(status: .noContent)
        }
        api.post("/totp") { request, context in
            let (_, session) = try await citizen(request, me)
            let password = try await Handling.body(Password.self, request, context).password
            let url = try await me.enrolAuthenticatorApp(session, password: password, requestId: context.requestId)
            return try Handling.json(AuthenticatorApp(otpauthURL: url), status: .created, headers: [.cacheControl: "no-store"])
        }
        api.post("/organisations") { request, context in
            let (_, session) = try await citizen(request, me)
            let body = try await Handling.body(Organisation.self, request, context)
            let account = try await me.registerOrganisation(session, code: body.code, contact: try Contact(phone: body.phone, email: body.email),
                                                            password: body.password, requestId: context.requestId)
            return try Handling.json(account, status: .created)
        }
        api.post("/lock") { request, context in
            let (_, session) = try await citizen(request, me)
            return try Handling.json(try await me.lock(session, requestId: context.requestId))
        }
        api.post("/unlock") { request, context in
            let body = try await Handling.body(Unlock.self, request, context)
            return try Handling.json(try await me.unlock(body.username, password: body.password, passcode: body.passcode,
                                                                     requestId: context.requestId))
        }
    }

    /// The signed-in citizen behind `Authorization: Bearer`, or 401.
    static func citizen(_ request: Request, _ me: CitizenSelfService) async throws -> (token: String, session: BrowserSession) {
        guard let token = OfficerAuthMiddleware.bearer(request.headers) else {
            throw AccessError.unauthenticated("sign in first: POST /me/api/session, then Authorization: Bearer TOKEN")
        }
        guard let session = try await me.session(token) else { throw AccessError.unauthenticated("the session has ended: sign in again") }
        return (token, session)
    }
}
