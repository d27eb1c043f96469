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

    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
