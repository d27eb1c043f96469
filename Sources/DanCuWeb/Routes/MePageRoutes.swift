import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuExchange
import DanCuRegister
import DanCuTransparency
import Foundation
import HTTPTypes
import Hummingbird

/// The `/me` pages: a cookie session (HttpOnly, SameSite=Strict, path /me), a CSRF token in every form,
/// and a redirect after each action so a reload does not repeat it.
enum MePageRoutes {
    static let cookieName = "dancu_me"

    static func add(to router: Router<AppContext>, _ services: Services, pages: MePages) {
        guard let me = services.selfService, let provider = services.oidc else { return }
        let secure = provider.issuer.hasPrefix("https:") ? "; Secure" : ""

        router.get("/me") { request, context in
            guard let (_, session) = try await signedIn(request, me) else {
                return LoginCSRF.page(secure: !secure.isEmpty) { pages.signIn(csrf: $0) }
            }
            let requestId = context.requestId
            let holder: MePages.Holder
            if let card = try await me.residenceCard(session, requestId: requestId) {
                holder = .foreigner(card)
            } else {
                holder = .citizen(try await me.record(session, requestId: requestId).person)
            }
            let entries = try await me.accessLog(session, before: nil, limit: 100, requestId: requestId)
            var dashboard = MePages.Dashboard(
                holder: holder,
                account: try await me.account(session, requestId: requestId),
                consents: try await me.consents(session, requestId: requestId),
                authentications: try await me.authentications(session, limit: 20, requestId: requestId),
                accessLog: await CitizenAccessLog.items(
                    entries, me: session.account, accounts: services.accounts, units: services.reference.units, members: services.exchange?.members),
                csrf: session.csrf)
            dashboard.evidence = try await services.transparency?.evidence(for: entries.compactMap(\.leaf))
            return pages.dashboard(dashboard, reference: services.reference)
        }

        router.post("/me/login") { request, context in
            guard let form = try await OIDCRoutes.pageForm(request, context) else { return pages.renderer.badForm }
            guard LoginCSRF.passes(request, form: form) else {
                return LoginCSRF.page(secure: !secure.isEmpty) { pages.signIn(error: LoginCSRF.expired, csrf: $0, status: .forbidden) }
            }
            do {
                let (token, _) = try await me.signIn(form["username"] ?? "", password: form["password"] ?? "", requestId: context.requestId)
                var response = back()
                response.headers[.setCookie] = "\(cookieName)=\(token); Path=/me; HttpOnly; SameSite=Strict; Max-Age=\(OIDCProvider.sessionLifetime)\(secure)"
                return response
            } catch let error as EIDError {
                return LoginCSRF.page(secure: !secure.isEmpty) { pages.signIn(error: error.description, csrf: $0) }
            }
        }

        router.post("/me/logout") { request, context in
            try await acting(request, context, me, pages) { token, _, _ in try await me.signOut(token) }
        }

        router.post("/me/sessions/end") { request, context in
            try await acting(request, context, me, pages) { _, session, _ in try await me.signOutEverywhere(session, requestId: context.requestId) }
        }

        router.post("/me/consents/withdraw") { request, context in
            try await acting(request, context, me, pages) { _, session, form in
                _ = try await me.withdrawConsent(session, from: form["client_id"] ?? "", requestId: context.requestId)
            }
        }

        router.post("/me/lock") { request, context in
            try await acting(request, context, me, pages) { _, session, _ in _ = try await me.lock(session, requestId: context.requestId) }
        }

        router.post("/me/unlock") { request, context in
            guard let form = try await OIDCRoutes.pageForm(request, context) else { return pages.renderer.badForm }
            guard LoginCSRF.passes(request, form: form) else {
                return LoginCSRF.page(secure: !secure.isEmpty) { pages.signIn(error: LoginCSRF.expired, csrf: $0, status: .forbidden) }
            }
            do {
                _ = try await me.unlock(
                    form["username"] ?? "", password: form["password"] ?? "", passcode: form["passcode"] ?? "",
                    requestId: context.requestId)
                return LoginCSRF.page(secure: !secure.isEmpty) { pages.signIn(notice: "Đã mở khóa. Hãy đăng nhập. / Unlocked: sign in.", csrf: $0) }
            } catch let error as EIDError {
                return LoginCSRF.page(secure: !secure.isEmpty) { pages.signIn(error: error.description, csrf: $0) }
            }
        }
    }

    /// A form post of a signed-in citizen: the CSRF token must be the session's. Without a session or
    /// with the wrong token, the sign-in page, and nothing done.
    static func acting(
        _ request: Request, _ context: AppContext, _ me: CitizenSelfService, _ pages: MePages,
        _ work: (String, BrowserSession, [String: String]) async throws -> Void
    ) async throws -> Response {
        guard let form = try await OIDCRoutes.pageForm(request, context) else { return pages.renderer.badForm }
        guard let (token, session) = try await signedIn(request, me), let csrf = form["csrf"],
            Secrets.constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8))
        else {
            return LoginCSRF.page(secure: false) { pages.signIn(error: "Phiên đã hết hạn / Your session has ended: sign in again.", csrf: $0) }
        }
        try await work(token, session, form)
        return back()
    }

    static func signedIn(_ request: Request, _ me: CitizenSelfService) async throws -> (String, BrowserSession)? {
        guard let token = OIDCRoutes.cookie(request, cookieName), let session = try await me.session(token) else { return nil }
        return (token, session)
    }

    static func back() -> Response {
        Response(status: .seeOther, headers: [.location: "/me", .cacheControl: "no-store"])
    }
}
