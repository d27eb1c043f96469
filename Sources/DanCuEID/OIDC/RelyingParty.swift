import Foundation

/// A relying party as an administrator registered it (DESIGN.md §8: member systems and OIDC clients):
/// who it is, where it may send people back, what it may ask for, why, and how it proves itself.
public struct RelyingParty: Hashable, Sendable, Codable {
    public enum Authentication: String, Codable, Sendable {
        /// A JWT signed with a key from the relying party's registered JWKS (RFC 7523).
        case privateKeyJWT = "private_key_jwt"
        /// HTTP Basic with the client id and a secret of which DanCu keeps only a hash.
        case clientSecretBasic = "client_secret_basic"
    }

    public let clientId: String
    public let name: String
    /// Exact strings; a redirect URI is matched character for character.
    public let redirectURIs: [String]
    public let allowedScopes: [Scope]
    /// The purposes the relying party may state, from the access gate's fixed list.
    public let purposes: [String]
    /// The law or contract that allows it to receive the data, shown on the consent page.
    public let legalBasis: String
    public let subjectKind: SubjectIdentifiers.Kind
    public let authentication: Authentication
    /// Where pairwise subjects are computed from: the host of its redirect URIs unless registered.
    public let sector: String
    /// RFC 9449 §5.2 `dpop_bound_access_tokens`: every token request must carry a DPoP proof. Absent
    /// in registrations made before DPoP, which read as false.
    public let dpopBoundAccessTokens: Bool?

    public var requiresDPoP: Bool { dpopBoundAccessTokens == true }

    public init(
        clientId: String, name: String, redirectURIs: [String], allowedScopes: [Scope], purposes: [String], legalBasis: String,
        subjectKind: SubjectIdentifiers.Kind = .pairwise, authentication: Authentication, sector: String? = nil,
        requiresDPoP: Bool = false
    ) {
        self.clientId = clientId
        self.name = name
        self.redirectURIs = redirectURIs
        self.allowedScopes = allowedScopes
        self.purposes = purposes
        self.legalBasis = legalBasis
        self.subjectKind = subjectKind
        self.authentication = authentication
        self.sector = sector ?? redirectURIs.first.flatMap(Self.host) ?? clientId
        dpopBoundAccessTokens = requiresDPoP
    }

    static func host(_ uri: String) -> String? {
        guard let schemeEnd = uri.range(of: "://") else { return nil }
        let rest = uri[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.isEmpty ? nil : String(host)
    }
}
