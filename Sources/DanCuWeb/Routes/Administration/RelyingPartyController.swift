import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuEID
import HTTPTypes

/// Administrators register relying parties ("log in with DanCu" clients) and read their registrations.
/// Each act passes the gate as administration and is logged.
struct RelyingPartyController: Sendable {
    let gate: Gate
    /// Nil where the installation has no card keys, and so no OpenID Connect provider: 503.
    let provider: OIDCProvider?

    private func clients() throws -> ClientRegistry {
        guard let provider else { throw CardError.unavailable("this installation has no card keys, so no OpenID Connect provider") }
        return provider.clients
    }

    func registerRelyingParty(_ input: Operations.RegisterRelyingParty.Input) async throws -> Operations.RegisterRelyingParty.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let application) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let clients = try clients()
        try await gate.administer("register-relying-party", target: String(application.clientId.prefix(64)), for: access)
        let (client, secret) = try await clients.register(application)
        return .created(
            .init(
                headers: .init(location: "/v1/relying-parties/\(client.clientId)", cacheControl: "no-store"),
                body: .json(.init(client: client, clientSecret: secret))))
    }

    func relyingParties(_ input: Operations.RelyingParties.Input) async throws -> Operations.RelyingParties.Output {
        let access = try OperationContext.required().accessRequest()
        let clients = try clients()
        try await gate.administer("list-relying-parties", target: "*", for: access)
        return .ok(.init(body: .json(.init(items: try await clients.all()))))
    }

    func readRelyingParty(_ input: Operations.ReadRelyingParty.Input) async throws -> Operations.ReadRelyingParty.Output {
        let access = try OperationContext.required().accessRequest()
        let clientId = try Parameters.text(input.path.clientId, "clientId", maxLength: 64)
        let clients = try clients()
        try await gate.administer("read-relying-party", target: clientId, for: access)
        do { return .ok(.init(body: .json(try await clients.client(clientId)))) } catch is OAuthError {
            throw Problem(.notFound, "not-found", "Not found", detail: "no relying party \(clientId)")
        }
    }
}
