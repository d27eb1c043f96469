import DanCuAccess
import HTTPTypes
import Hummingbird
import Logging

/// Requires a live bearer token on every route it guards and puts the officer in the context. Over the
/// generated API it guards the paths under `/v1/` but the few open ones (signing in).
struct OfficerAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: OfficerAccounts
    var guardedPrefix = ""
    var open: Set<String> = []

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        // The route the router matched, not the path as sent: `//v1/auth/me` reaches `/v1/auth/me`.
        let path = context.endpointPath ?? request.uri.path
        guard path.hasPrefix(guardedPrefix), !open.contains(path) else { return try await next(request, context) }
        guard let token = Self.bearer(request.headers) else {
            throw AccessError.unauthenticated("log in first and send Authorization: Bearer TOKEN")
        }
        var context = context
        let officer = try await accounts.authenticate(token: token)
        context.officer = officer
        context.logger[metadataKey: "officer"] = .string(officer.username)
        return try await next(request, context)
    }

    /// The token of `Authorization: Bearer TOKEN` (the scheme in any case, RFC 9110).
    static func bearer(_ headers: HTTPFields) -> String? {
        guard let value = headers[.authorization], value.utf8.count > 7 else { return nil }
        let scheme = value.utf8.prefix(7)
        guard scheme.elementsEqual("bearer ".utf8, by: { ($0 | 0x20) == $1 }) else { return nil }
        let token = value.utf8.dropFirst(7).drop(while: { $0 == 0x20 })
        return String(Substring(token))
    }
}
