import FoundationEssentials
public import JWTKit

/// The ID token's claims (OIDC Core §2): who signed in, for whom, when, at which level, and the nonce
/// the relying party sent.
public struct IDTokenClaims: JWTPayload, Equatable {
    public let iss: IssuerClaim
    public let sub: SubjectClaim
    public let aud: AudienceClaim
    public let exp: ExpirationClaim
    public let iat: IssuedAtClaim
    public let authTime: Int64
    public let nonce: String?
    public let acr: String
    public let amr: [String]

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, acr, amr
        case authTime = "auth_time"
    }

    public init(
        issuer: String, subject: String, audience: String, issuedAt: Int64, lifetimeSeconds: Int64 = 300, authTime: Int64,
        nonce: String?, acr: AuthenticationContext, amr: [String]
    ) {
        iss = IssuerClaim(value: issuer)
        sub = SubjectClaim(value: subject)
        aud = AudienceClaim(value: audience)
        iat = IssuedAtClaim(value: .init(timeIntervalSince1970: Double(issuedAt)))
        exp = ExpirationClaim(value: .init(timeIntervalSince1970: Double(issuedAt + lifetimeSeconds)))
        self.authTime = authTime
        self.nonce = nonce
        self.acr = acr.rawValue
        self.amr = amr
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
