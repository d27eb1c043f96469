import DanCuAccess
import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// Administrators register relying parties ("log in with DanCu" clients) and read their registrations.
/// Each act passes the gate as administration and is logged.
enum RelyingPartyRoutes {
    struct Registered: Encodable {
        let client: RelyingParty
        /// For `client_secret_basic`: shown once, kept only as a hash.
        let clientSecret: String?
    }

    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        guard let provider = services.oidc else { return }
        v1.post("/relying-parties") { request, context in
            let access = try Handling.accessRequest(request, context)
            let application = try await Handling.body(RelyingPartyApplication.self, request, context)
            try await services.gate.administer("register-relying-party", target: String(application.clientId.prefix(64)), for: access)
            let (client, secret) = try await provider.clients.register(application)
            return try Handling.json(Registered(client: client, clientSecret: secret), status: .created,
                                     headers: [.location: "/v1/relying-parties/\(client.clientId)", .cacheControl: "no-store"])
        }
        v1.get("/relying-parties") { request, context in
            try await services.gate.administer("list-relying-parties", target: "*", for: try Handling.accessRequest(request, context))
            return try Handling.json(MeRoutes.Items(items: try await provider.clients.all()))
        }
        v1.get("/relying-parties/:clientId") { request, context in
            let clientId = try Handling.pathText(context, "clientId", maxLength: 64)
            try await services.gate.administer("read-relying-party", target: clientId, for: try Handling.accessRequest(request, context))
            do { return try Handling.json(try await provider.clients.client(clientId)) } catch is OAuthError {
                throw Problem(.notFound, "not-found", "Not found", detail: "no relying party \(clientId)")
            }
        }
    }
}
