import DanCuCore

/// An authorization request (OIDC Core §3.1.2.1, RFC 9126 PAR), checked against its relying party's
/// registration. Only the authorization code flow with PKCE S256 is offered.
public struct AuthorizationRequest: Equatable, Sendable {
    public let clientId: String
    public let redirectURI: String
    public let scopes: [Scope]
    public let state: String?
    public let nonce: String?
    public let codeChallenge: String
    /// The level asked for; level 1 when the request names none.
    public let acr: AuthenticationContext
    public let purpose: String
    /// `prompt=login`: sign in again even with a live session.
    public let forceLogin: Bool
    /// RFC 9449 §10: the thumbprint of the DPoP key the code will be exchanged with, when bound.
    public let dpopJkt: String?

    /// Validates the parameters of a pushed authorization request for `client`. The redirect URI
    /// must be one it registered, character for character; the scopes within what it may ask; the
    /// purpose one of its purposes.
    public init(parameters p: [String: String], client: RelyingParty) throws(OAuthError) {
        guard p["client_id"] == nil || p["client_id"] == client.clientId else {
            throw OAuthError(.invalidRequest, "client_id does not match the authenticated client")
        }
        guard p["request_uri"] == nil, p["request"] == nil else {
            throw OAuthError(.invalidRequest, "a pushed authorization request carries its parameters, not request or request_uri")
        }
        guard p["response_type"] == "code" else {
            throw OAuthError(.unsupportedResponseType, "response_type must be code")
        }
        guard let redirect = p["redirect_uri"], client.redirectURIs.contains(redirect) else {
            throw OAuthError(.invalidRequest, "redirect_uri is not one this client registered")
        }
        let scopes = try Scope.parse(p["scope"])
        if let refused = scopes.first(where: { !client.allowedScopes.contains($0) }) {
            throw OAuthError(.invalidScope, "this client may not ask for \(refused.rawValue)")
        }
        codeChallenge = try PKCE.checkChallenge(p["code_challenge"], method: p["code_challenge_method"])
        var acr = AuthenticationContext.level1
        if let values = p["acr_values"] {
            let asked = values.split(separator: " ").compactMap { AuthenticationContext(rawValue: String($0)) }
            guard !asked.isEmpty else {
                throw OAuthError(.invalidRequest, "acr_values must name \(AuthenticationContext.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            acr = asked.max { $0.level < $1.level } ?? .level1
        }
        let purpose = p["purpose"] ?? client.purposes.first ?? ""
        guard client.purposes.contains(purpose) else { throw OAuthError(.invalidRequest, "purpose is not one this client registered") }
        for (name, value) in [("state", p["state"]), ("nonce", p["nonce"])] where (value?.count ?? 0) > 512 {
            throw OAuthError(.invalidRequest, "\(name) is longer than 512 characters")
        }
        if let jkt = p["dpop_jkt"], jkt.utf8.count != 43 || ByteText.bytes(base64URL: jkt) == nil {
            throw OAuthError(.invalidRequest, "dpop_jkt must be a base64url SHA-256 JWK thumbprint")
        }
        dpopJkt = p["dpop_jkt"]
        clientId = client.clientId
        redirectURI = redirect
        self.scopes = scopes
        state = p["state"]
        nonce = p["nonce"]
        self.acr = acr
        self.purpose = purpose
        forceLogin = p["prompt"]?.split(separator: " ").contains("login") ?? false
    }
}
