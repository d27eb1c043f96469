import DanCuAccess
import HTTPTypes
import Hummingbird

/// Requires a live bearer token on every route it guards and puts the officer in the context.
struct OfficerAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: OfficerAccounts

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let token = Self.bearer(request) else {
            throw AccessError.unauthenticated("log in first and send Authorization: Bearer TOKEN")
        }
        var context = context
        let officer = try await accounts.authenticate(token: token)
        context.officer = officer
        context.logger[metadataKey: "officer"] = .string(officer.username)
        return try await next(request, context)
    }

    /// The token of `Authorization: Bearer TOKEN` (the scheme in any case, RFC 9110).
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.utf8.count > 7 else { return nil }
        let scheme = value.utf8.prefix(7)
        guard scheme.elementsEqual("bearer ".utf8, by: { ($0 | 0x20) == $1 }) else { return nil }
        let token = value.utf8.dropFirst(7).drop(while: { $0 == 0x20 })
        return String(Substring(token))
    }
}
