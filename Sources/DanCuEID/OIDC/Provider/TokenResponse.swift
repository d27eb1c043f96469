/// The token endpoint's answer (RFC 6749 §5.1, OIDC Core §3.1.3.3).
public struct TokenResponse: Codable, Equatable, Sendable {
    public let accessToken: String
    public let tokenType: String
    public let expiresIn: Int
    public let idToken: String?
    public let refreshToken: String?
    public let scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case idToken = "id_token"
        case refreshToken = "refresh_token"
        case scope
    }
}

/// What introspection says of a token (RFC 7662).
public struct Introspection: Codable, Equatable, Sendable {
    public let active: Bool
    public let scope: String?
    public let clientId: String?
    public let sub: String?
    public let exp: Int64?
    public let acr: String?
    /// `Bearer`, or `DPoP` for a token bound to a key.
    public let tokenType: String?
    /// RFC 9449 §6.2: `{"jkt": …}`, the thumbprint of the key a DPoP-bound token is bound to.
    public let cnf: [String: String]?

    enum CodingKeys: String, CodingKey {
        case active, scope, sub, exp, acr, cnf
        case clientId = "client_id"
        case tokenType = "token_type"
    }

    static let inactive = Introspection(active: false, scope: nil, clientId: nil, sub: nil, exp: nil, acr: nil, tokenType: nil, cnf: nil)
}

/// An authorization that the holder approved, kept with its code until the client exchanges it.
struct Grant: Codable, Sendable {
    let grantId: String
    let clientId: String
    let redirectURI: String
    let codeChallenge: String
    let scopes: [Scope]
    let nonce: String?
    let acr: String
    let account: String
    let authTime: Int64
    let amr: [String]
    let purpose: String
    /// The DPoP key thumbprint the code is bound to (`dpop_jkt`, or the key of a proof sent with PAR).
    var dpopJkt: String? = nil
}
