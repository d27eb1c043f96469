import DanCuAccess
import HTTPTypes
import Hummingbird

/// Officer login and logout.
enum AuthRoutes {
    struct Login: Decodable {
        let username: String
        let password: String
        let totp: String?
    }

    static func add(to router: Router<AppContext>, _ services: Services) {
        router.post("/v1/auth/login") { request, context in
            let login = try await Handling.body(Login.self, request, context)
            let session = try await services.accounts.login(username: login.username, password: login.password, totp: login.totp,
                                                                 source: context.clientAddress)
            return try Handling.json(session, status: .created)
        }
    }

    static func addAuthenticated(to group: RouterGroup<AppContext>, _ services: Services) {
        group.post("/auth/logout") { request, context in
            if let token = OfficerAuthMiddleware.bearer(request) { try await services.accounts.logout(token: token) }
            return Response(status: .noContent)
        }
        group.get("/auth/me") { _, context in
            guard let officer = context.officer else { throw AccessError.unauthenticated("log in first") }
            return try Handling.json(officer)
        }
    }
}
