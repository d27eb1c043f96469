/// An OAuth 2.0 / OpenID Connect error (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 9449):
/// the code a relying party's library understands, and a description for its developer.
public struct OAuthError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Code
    public let detail: String

    public enum Code: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case unsupportedResponseType = "unsupported_response_type"
        case invalidScope = "invalid_scope"
        case accessDenied = "access_denied"
        case invalidRequestURI = "invalid_request_uri"
        case invalidToken = "invalid_token"
        /// The account cannot give the assurance asked for (a level-1 account asked for level 2).
        case unmetAuthenticationRequirements = "unmet_authentication_requirements"
        /// A DPoP proof missing, malformed, for another request, or replayed (RFC 9449 §5.10, §7.1).
        case invalidDPoPProof = "invalid_dpop_proof"
    }

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
