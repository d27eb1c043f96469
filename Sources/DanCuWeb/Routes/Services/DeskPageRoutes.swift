import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuServices
import Foundation
import HTTPTypes
import Hummingbird

/// The officers' desk pages under `/desk`: an officer signs in (their bearer token in an HttpOnly,
/// SameSite=Strict cookie of path /desk), works through the queue of their desks, opens a case file
/// (the register's data read through the gate with the purpose 'public-service') and decides a step.
/// Every form carries a CSRF token derived from the session's token; a decision's mistake comes back
/// beside the reason field, in Vietnamese, with nothing done.
enum DeskPageRoutes {
    static let cookieName = "dancu_desk"

    static func add(to router: Router<AppContext>, _ services: Services, pages: DeskPages) {
        guard let desk = services.publicServices else { return }
        let accounts = services.accounts
        let units = services.reference.units
        // As the /me cookie: Secure wherever DanCu is served over https.
        let secure = services.oidc?.issuer.hasPrefix("https:") == true ? "; Secure" : ""

        @Sendable func signedIn(_ request: Request) async throws -> (token: String, officer: Officer)? {
            await Self.signedIn(request, accounts: accounts)
        }
        @Sendable func signIn(_ error: String? = nil) -> Response { Self.signIn(pages, secure: !secure.isEmpty, error: error) }

        router.get("/desk") { request, context in
            guard let (token, officer) = try await signedIn(request) else { return signIn() }
            let access = AccessRequest(officer: officer, purpose: nil, requestId: context.requestId)
            let items = try await desk.queue(limit: 100, for: access)
            return pages.queue(items, officer: officer, catalogue: desk.catalogue, units: units, csrf: csrf(token))
        }

        router.post("/desk/login") { request, context in
            guard let form = try await OIDCRoutes.pageForm(request, context) else { return pages.renderer.badForm }
            guard LoginCSRF.passes(request, form: form) else { return signIn(LoginCSRF.expired) }
            do {
                let totp = form["totp"].flatMap { $0.isEmpty ? nil : $0 }
                let session = try await accounts.login(username: form["username"] ?? "", password: form["password"] ?? "", totp: totp, source: "desk-page")
                var response = Response(status: .seeOther, headers: [.location: "/desk", .cacheControl: "no-store"])
                response.headers[.setCookie] = "\(cookieName)=\(session.token); Path=/desk; HttpOnly; SameSite=Strict\(secure)"
                return response
            } catch let error as AccessError {
                return signIn("Không đăng nhập được: \(error.description) / Not signed in.")
            }
        }

        router.post("/desk/logout") { request, context in
            guard let form = try await OIDCRoutes.pageForm(request, context) else { return pages.renderer.badForm }
            if let (token, _) = try await signedIn(request), passes(form, token) { try await accounts.logout(token: token) }
            var response = Response(status: .seeOther, headers: [.location: "/desk", .cacheControl: "no-store"])
            response.headers[.setCookie] = "\(cookieName)=; Path=/desk; HttpOnly; SameSite=Strict; Max-Age=0\(secure)"
            return response
        }

        router.get("/desk/applications/:code") { request, context in
            guard let (token, officer) = try await signedIn(request) else { return signIn() }
            let access = AccessRequest(officer: officer, purpose: .publicService, requestId: context.requestId)
            return try await shown(pages) {
                let view = try await desk.caseFile(context.parameters.get("code") ?? "", for: access)
                let notice = Handling.query(request, "decided").map { "Đã ghi quyết định cho bước \($0). / Decided." }
                return pages.caseFile(view, officer: officer, units: units, csrf: csrf(token), notice: notice)
            }
        }

        router.get("/desk/applications/:code/attachments/:attachment") { request, context in
            guard let (_, officer) = try await signedIn(request) else { return signIn() }
            let access = AccessRequest(officer: officer, purpose: .publicService, requestId: context.requestId)
            return try await shown(pages) {
                AttachmentDownload.response(
                    try await desk.caseAttachment(context.parameters.get("attachment") ?? "", of: context.parameters.get("code") ?? "", for: access))
            }
        }

        router.post("/desk/applications/:code/steps/:step") { request, context in
            guard let form = try await OIDCRoutes.pageForm(request, context) else { return pages.renderer.badForm }
            guard let (token, officer) = try await signedIn(request), passes(form, token) else { return signIn() }
            let access = AccessRequest(officer: officer, purpose: .publicService, requestId: context.requestId)
            let code = context.parameters.get("code") ?? ""
            let step = context.parameters.get("step") ?? ""
            let reason = form["reason"] ?? ""
            let decision: StepDecision
            switch form["decision"] {
            case "approve": decision = .approve
            case "refuse": decision = .refuse(reason: reason)
            case "request-supplement": decision = .requestSupplement(reason: reason)
            default: return pages.renderer.message("Yêu cầu không hợp lệ / Invalid request", "Chọn duyệt, từ chối hoặc đề nghị bổ sung.", status: .badRequest)
            }
            return try await shown(pages) {
                do {
                    _ = try await desk.decide(decision, step: step, of: code, for: access)
                } catch let error as ServiceError {
                    guard case .invalid(let field, _) = error, field == "reason" else { throw error }
                    let view = try await desk.caseFile(code, for: access)
                    let message = "Vui lòng ghi lý do để người nộp hồ sơ biết. / Say why, for the applicant to read."
                    return pages.caseFile(
                        view, officer: officer, units: units, csrf: csrf(token), failed: (step, reason, message), status: .badRequest)
                }
                let target = "/desk/applications/\(code)?decided=\(step.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
            }
        }
    }

    /// The officer of the desk cookie, if it holds a live session.
    static func signedIn(_ request: Request, accounts: OfficerAccounts) async -> (token: String, officer: Officer)? {
        guard let token = OIDCRoutes.cookie(request, cookieName), !token.isEmpty else { return nil }
        guard let officer = try? await accounts.authenticate(token: token) else { return nil }
        return (token, officer)
    }

    static func signIn(_ pages: DeskPages, secure: Bool, error: String? = nil) -> Response {
        LoginCSRF.page(secure: secure) { pages.signIn(error: error, csrf: $0) }
    }

    /// The desk's CSRF token: derived from the session's token, which another site cannot read.
    static func csrf(_ token: String) -> String { Secrets.tokenHash("desk-csrf\n" + token) }

    static func passes(_ form: [String: String], _ token: String) -> Bool {
        guard let sent = form["csrf"] else { return false }
        return Secrets.constantTimeEqual(Array(sent.utf8), Array(csrf(token).utf8))
    }

    /// A page, or a refusal as a page with its status: an application that does not exist or is not of
    /// the officer's jurisdiction, a step not open, a role that does not sit at the step's desk.
    static func shown(_ pages: DeskPages, _ work: () async throws -> Response) async throws -> Response {
        do {
            return try await work()
        } catch let error as ServiceError {
            return pages.renderer.message("Không thực hiện được / Not possible", error.description, status: HTTPResponse.Status(code: error.status))
        } catch let error as AccessError {
            return pages.renderer.message("Không được phép / Not allowed", error.description, status: .forbidden)
        }
    }
}
