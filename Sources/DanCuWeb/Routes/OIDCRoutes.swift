import DanCuAccess
import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// "Log in with DanCu": the OpenID Connect provider's endpoints and the citizen's sign-in and consent
/// pages. Authorization requests must be pushed (PAR); codes need PKCE S256.
enum OIDCRoutes {
    static let sessionCookie = "dancu_sid"
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    static let dpopHeader = HTTPField.Name("DPoP")!

    static func add(to router: Router<AppContext>, _ services: Services, pages: SignInPages) {
        guard let provider = services.oidc, let eid = services.eid else { return }

        router.get("/.well-known/openid-configuration") { _, _ in
            let data = try JSONSerialization.data(withJSONObject: provider.discovery, options: [.sortedKeys, .withoutEscapingSlashes])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }

        router.get("/oidc/jwks") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: try await provider.jwks())))
        }

        router.post("/oidc/par") { request, context in
            try await OAuthFailure.answer {
                let form = try await FormBody.body(request, context)
                let pushed = try await provider.push(
                    form, credentials: try credentials(request, form),
                    dpop: try await dpop(request, provider, method: "POST", path: "/oidc/par"))
                return try json(["request_uri": pushed.requestURI, "expires_in": pushed.expiresIn], status: .created)
            }
        }

        router.get("/oidc/authorize") { request, _ in
            let clientId = Handling.query(request, "client_id") ?? ""
            let requestURI = Handling.query(request, "request_uri") ?? ""
            do {
                let (_, client) = try await provider.pending(requestURI: requestURI, clientId: clientId)
                return LoginCSRF.page(secure: provider.issuer.hasPrefix("https:")) { pages.signIn(client: client, requestURI: requestURI, csrf: $0) }
            } catch let error as OAuthError {
                return pages.message("Yêu cầu không hợp lệ / Invalid request", error.detail, status: .badRequest)
            }
        }

        router.post("/oidc/login") { request, context in
            guard let form = try await pageForm(request, context) else { return pages.renderer.badForm }
            let clientId = form["client_id"] ?? ""
            let requestURI = form["request_uri"] ?? ""
            let pending: (request: AuthorizationRequest, client: RelyingParty)
            do { pending = try await provider.pending(requestURI: requestURI, clientId: clientId) } catch let error as OAuthError {
                return pages.message("Yêu cầu không hợp lệ / Invalid request", error.detail, status: .badRequest)
            }
            let secure = provider.issuer.hasPrefix("https:")
            guard LoginCSRF.passes(request, form: form) else {
                return LoginCSRF.page(secure: secure) {
                    pages.signIn(client: pending.client, requestURI: requestURI, error: LoginCSRF.expired, csrf: $0, status: .forbidden)
                }
            }
            let account: EIDAccount
            do { account = try await eid.signIn(form["username"] ?? "", password: form["password"] ?? "", requestId: context.requestId) } catch let error
                as EIDError
            {
                return LoginCSRF.page(secure: secure) { pages.signIn(client: pending.client, requestURI: requestURI, error: error.description, csrf: $0) }
            }
            let (id, session) = try await provider.startSession(account: account.subject, amr: ["pwd"])
            var response = pages.consent(client: pending.client, request: pending.request, requestURI: requestURI, csrf: session.csrf)
            response.headers[.setCookie] =
                "\(sessionCookie)=\(id); Path=/oidc; HttpOnly; SameSite=Lax; Max-Age=\(OIDCProvider.sessionLifetime)\(secure ? "; Secure" : "")"
            return response
        }

        router.post("/oidc/consent") { request, context in
            guard let form = try await pageForm(request, context) else { return pages.renderer.badForm }
            guard let id = cookie(request, sessionCookie), let session = try await provider.session(id),
                Secrets.constantTimeEqual(Array((form["csrf"] ?? "").utf8), Array(session.csrf.utf8))
            else {
                return pages.message("Phiên đã hết hạn / Session expired", "Sign in again from the service you came from.", status: .forbidden)
            }
            let clientId = form["client_id"] ?? ""
            let requestURI = form["request_uri"] ?? ""
            let location: String
            do {
                if form["decision"] == "approve" {
                    location = try await provider.approve(
                        requestURI: requestURI, clientId: clientId, account: try await eid.account(session.account),
                        authTime: session.authTime, amr: session.amr,
                        requestId: context.requestId)
                } else {
                    location = try await provider.deny(requestURI: requestURI, clientId: clientId)
                }
            } catch let error as OAuthError {
                return pages.message("Yêu cầu không hợp lệ / Invalid request", error.detail, status: .badRequest)
            }
            return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        }

        router.post("/oidc/token") { request, context in
            try await OAuthFailure.answer {
                let form = try await FormBody.body(request, context)
                let proof = try credentials(request, form)
                let bound = try await dpop(request, provider, method: "POST", path: "/oidc/token")
                let tokens: TokenResponse
                switch form["grant_type"] {
                case "authorization_code":
                    tokens = try await provider.exchange(
                        code: form["code"] ?? "", redirectURI: form["redirect_uri"], verifier: form["code_verifier"],
                        credentials: proof, dpop: bound, requestId: context.requestId)
                case "refresh_token":
                    tokens = try await provider.refresh(
                        form["refresh_token"] ?? "", credentials: proof, dpop: bound,
                        requestId: context.requestId)
                default:
                    throw OAuthFailure(.unsupportedGrantType, "grant_type must be authorization_code or refresh_token")
                }
                return try Handling.json(tokens, headers: [.cacheControl: "no-store"])
            }
        }

        router.get("/oidc/userinfo") { request, context in
            try await OAuthFailure.answer(atResource: true) {
                let header = request.headers[.authorization] ?? ""
                if header.hasPrefix("Bearer ") {
                    return try json(try await provider.userInfo(accessToken: String(header.dropFirst(7)), requestId: context.requestId))
                }
                guard header.hasPrefix("DPoP ") else {
                    throw OAuthFailure(.invalidToken, "send the access token as Authorization: Bearer, or DPoP with a DPoP proof")
                }
                let token = String(header.dropFirst(5))
                guard let proof = try await dpop(request, provider, method: "GET", path: "/oidc/userinfo", accessToken: token) else {
                    throw OAuthFailure(.invalidDPoPProof, "a DPoP access token needs a DPoP proof header")
                }
                return try json(try await provider.userInfo(accessToken: token, dpop: proof, requestId: context.requestId))
            }
        }

        router.post("/oidc/introspect") { request, context in
            try await OAuthFailure.answer {
                let form = try await FormBody.body(request, context)
                let result = try await provider.introspect(form["token"] ?? "", credentials: try credentials(request, form))
                return try Handling.json(result, headers: [.cacheControl: "no-store"])
            }
        }

        router.post("/oidc/revoke") { request, context in
            try await OAuthFailure.answer {
                let form = try await FormBody.body(request, context)
                try await provider.revoke(form["token"] ?? "", credentials: try credentials(request, form))
                return Response(status: .ok, headers: [.cacheControl: "no-store"])
            }
        }

        router.get("/oidc/logout") { request, _ in
            if let id = cookie(request, sessionCookie) { try await provider.endSession(id) }
            var response: Response
            if let target = Handling.query(request, "post_logout_redirect_uri"), let clientId = Handling.query(request, "client_id"),
                let client = try? await provider.clients.client(clientId), client.redirectURIs.contains(target)
            {
                var location = target
                if let state = Handling.query(request, "state") {
                    location += (target.contains("?") ? "&" : "?") + "state=" + FormBody.encode(state)
                }
                response = Response(status: .seeOther, headers: [.location: location])
            } else {
                response = pages.message("Đã đăng xuất / Signed out", "Bạn đã đăng xuất khỏi DanCu. You are signed out of DanCu.", status: .ok)
            }
            response.headers[.setCookie] = "\(sessionCookie)=; Path=/oidc; HttpOnly; SameSite=Lax; Max-Age=0"
            return response
        }
    }

    /// A page's form, or nil when it is not one (a field twice, bad encoding): the page answers 400.
    static func pageForm(_ request: Request, _ context: AppContext) async throws -> [String: String]? {
        do { return try await FormBody.body(request, context) } catch is OAuthFailure { return nil }
    }

    /// `client_assertion` (private_key_jwt) from the form, else HTTP Basic (client_secret_basic).
    static func credentials(_ request: Request, _ form: [String: String]) throws -> ClientCredentials {
        if let assertion = form["client_assertion"] {
            guard form["client_assertion_type"] == assertionType else {
                throw OAuthFailure(.invalidClient, "client_assertion_type must be \(assertionType)")
            }
            return .assertion(assertion)
        }
        if let (id, secret) = FormBody.basic(request) { return .secret(clientId: id, secret: secret) }
        throw OAuthFailure(.invalidClient, "authenticate the client with private_key_jwt or client_secret_basic")
    }

    /// The request's `DPoP` header, checked and remembered against replay; nil when there is none.
    static func dpop(
        _ request: Request, _ provider: OIDCProvider, method: String, path: String,
        accessToken: String? = nil
    ) async throws -> DPoPProof? {
        let proofs = request.headers[values: dpopHeader]
        guard !proofs.isEmpty else { return nil }
        guard proofs.count == 1 else { throw OAuthFailure(.invalidDPoPProof, "send one DPoP header") }
        return try await provider.acceptDPoP(proofs[0], method: method, path: path, accessToken: accessToken)
    }

    static func cookie(_ request: Request, _ name: String) -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
