import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// The pages a citizen sees while a relying party asks for their identity: sign in, then consent.
/// Vietnamese first, English beside it; no scripts; every value escaped by the templates.
struct SignInPages: Sendable {
    let renderer: PageRenderer

    struct SignInView {
        let clientName: String, clientId: String, requestURI: String, csrf: String
        let error: String?
    }

    struct ConsentView {
        let clientName: String, clientId: String, requestURI: String, csrf: String
        let purpose: Words
        let legalBasis: String
        let scopes: [Words]
    }

    func signIn(client: RelyingParty, requestURI: String, error: String? = nil, csrf: String, status: HTTPResponse.Status? = nil) -> Response {
        renderer.page(
            "sign-in", SignInView(clientName: client.name, clientId: client.clientId, requestURI: requestURI, csrf: csrf, error: error),
            status: status ?? (error == nil ? .ok : .unauthorized))
    }

    func consent(client: RelyingParty, request: AuthorizationRequest, requestURI: String, csrf: String) -> Response {
        let view = ConsentView(
            clientName: client.name, clientId: client.clientId, requestURI: requestURI, csrf: csrf,
            purpose: CitizenWords.purpose(request.purpose), legalBasis: client.legalBasis,
            scopes: request.scopes.map { Words($0.vietnamese, $0.english) })
        return renderer.page("consent", view, formTarget: Self.origin(request.redirectURI))
    }

    /// scheme://host[:port] of a URI, for CSP; nil when it has none or carries characters CSP cannot hold.
    static func origin(_ uri: String) -> String? {
        guard let components = URLComponents(string: uri), let scheme = components.scheme, let host = components.host, !host.isEmpty,
            (scheme + host).allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) })
        else { return nil }
        return scheme + "://" + host + (components.port.map { ":\($0)" } ?? "")
    }

    func message(_ title: String, _ text: String, status: HTTPResponse.Status) -> Response {
        renderer.message(title, text, status: status)
    }
}
