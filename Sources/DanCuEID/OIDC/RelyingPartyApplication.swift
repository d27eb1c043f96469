import DanCuAccess
import DanCuCore
import Foundation
import JWTKit

/// What an administrator fills in to register a relying party, from the command line or over HTTP,
/// checked field by field: every problem is named, not only the first.
public struct RelyingPartyApplication: Hashable, Codable, Sendable {
    public var clientId: String
    public var name: String
    public var redirectURIs: [String]
    /// Space-separated, as OAuth writes scopes; must include `openid`.
    public var scopes: String
    public var purposes: [String]
    public var legalBasis: String
    /// `private_key_jwt` or `client_secret_basic`.
    public var authentication: String
    /// `pairwise` (default) or `personal-number` (government services entitled to it).
    public var subject: String?
    /// The client's public keys (a JWKS document), for `private_key_jwt`.
    public var jwks: String?
    public var requireDPoP: Bool?

    public init(
        clientId: String, name: String, redirectURIs: [String], scopes: String, purposes: [String], legalBasis: String,
        authentication: String, subject: String? = nil, jwks: String? = nil, requireDPoP: Bool? = nil
    ) {
        self.clientId = clientId
        self.name = name
        self.redirectURIs = redirectURIs
        self.scopes = scopes
        self.purposes = purposes
        self.legalBasis = legalBasis
        self.authentication = authentication
        self.subject = subject
        self.jwks = jwks
        self.requireDPoP = requireDPoP
    }

    /// The registration, or every field at fault.
    public func validated() async throws(EIDError) -> RelyingParty {
        var problems: [RuleViolation] = []
        func refuse(_ field: String, _ rule: String, _ detail: String) { problems.append(RuleViolation(field: field, rule: rule, detail: detail)) }

        if clientId.count < 3 || clientId.count > 64 || !clientId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) {
            refuse("clientId", "pattern", "3 to 64 of letters, digits and - . _")
        }
        let trimmedName = name.trimmingCharacters(in: .whitespaces)
        if trimmedName.isEmpty || trimmedName.count > 200 { refuse("name", "length", "1 to 200 characters") }
        if legalBasis.trimmingCharacters(in: .whitespaces).isEmpty || legalBasis.count > 500 {
            refuse("legalBasis", "length", "the law or contract that allows it, 1 to 500 characters")
        }
        if redirectURIs.isEmpty || redirectURIs.count > 20 { refuse("redirectURIs", "count", "1 to 20 exact URIs") }
        for (index, uri) in redirectURIs.enumerated() where !Self.acceptable(redirect: uri) {
            refuse("redirectURIs[\(index)]", "redirectURI", "an exact https URI, or http on the loopback address only; no wildcard, no fragment")
        }
        var parsedScopes: [Scope] = []
        do { parsedScopes = try Scope.parse(scopes) } catch { refuse("scopes", "scope", error.detail) }
        if purposes.isEmpty { refuse("purposes", "required", "at least one purpose") }
        for (index, purpose) in purposes.enumerated()
        where Purpose(rawValue: purpose) == nil || purpose == Purpose.audit.rawValue
            || purpose == Purpose.selfService.rawValue
        {
            refuse("purposes[\(index)]", "oneOf", "a purpose of the gate's list (not audit or self-service)")
        }
        let method = RelyingParty.Authentication(rawValue: authentication)
        if method == nil { refuse("authentication", "oneOf", "private_key_jwt or client_secret_basic") }
        let kind = SubjectIdentifiers.Kind(rawValue: subject ?? "pairwise")
        if kind == nil { refuse("subject", "oneOf", "pairwise or personal-number") }
        if kind == .personalNumber, !(purposes.allSatisfy { $0 == Purpose.publicService.rawValue }) {
            refuse("subject", "entitlement", "only public services (purpose public-service) receive the personal number")
        }
        if parsedScopes.contains(.personalNumber), kind != .personalNumber {
            refuse("scopes", "entitlement", "personal_number is for clients registered with subject personal-number")
        }
        switch method {
        case .privateKeyJWT:
            if let jwks {
                do { _ = try await JWTKeyCollection().add(jwksJSON: jwks) } catch { refuse("jwks", "jwks", "not a JWKS document of public keys") }
                if jwks.contains("\"d\"") { refuse("jwks", "public", "a JWKS of public keys only: it holds a private key") }
            } else {
                refuse("jwks", "required", "private_key_jwt needs the client's JWKS")
            }
        case .clientSecretBasic:
            if jwks != nil { refuse("jwks", "unexpected", "client_secret_basic clients get a secret, not keys") }
        case nil:
            break
        }
        guard problems.isEmpty, let method, let kind else { throw .invalid(problems) }
        return RelyingParty(
            clientId: clientId, name: trimmedName.nfc, redirectURIs: redirectURIs, allowedScopes: parsedScopes, purposes: purposes,
            legalBasis: legalBasis.nfc, subjectKind: kind, authentication: method, requiresDPoP: requireDPoP ?? false)
    }

    static func acceptable(redirect uri: String) -> Bool {
        // Redirect URIs are compared exactly (OAuth 2.0 Security BCP, RFC 9700 §4.1.3): a pattern would
        // let an attacker's subdomain or path receive codes.
        guard uri.count <= 512, !uri.contains("#"), !uri.contains("*"), let components = URLComponents(string: uri), let host = components.host,
            !host.isEmpty
        else {
            return false
        }
        switch components.scheme {
        case "https": return true
        case "http": return ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host)
        default: return false
        }
    }
}
