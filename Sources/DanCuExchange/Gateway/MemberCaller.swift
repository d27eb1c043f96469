public import DanCuAccess

/// A member's subsystem whose request signature verified: who asks, why, under which law, and with the
/// citizen's consent if it cites one. The purpose and legal basis are the signed headers' own words.
public struct MemberCaller: Sendable {
    public let subsystem: Subsystem
    public let kind: MemberSystem.Kind
    /// The member's name in Vietnamese, as the citizen's view shows it.
    public let name: String
    public let keyId: String
    public let requestId: String
    /// `DanCu-Purpose` as sent.
    public let purpose: String
    /// `DanCu-Legal-Basis` as sent: the code of a legal document.
    public let legalBasis: String
    /// `DanCu-Consent` as sent, if any.
    public let consent: String?
    /// The subsystem's grants as the request's authentication found them; nil has them read when judged.
    var policy: GrantRegistry.Policy?

    public init(
        subsystem: Subsystem, kind: MemberSystem.Kind, name: String, keyId: String, requestId: String, purpose: String, legalBasis: String,
        consent: String?
    ) {
        self.subsystem = subsystem
        self.kind = kind
        self.name = name
        self.keyId = keyId
        self.requestId = requestId
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.consent = consent
    }

    /// How the access log names it: `member:BHXH/GIAM-DINH`.
    public var actor: String { "member:" + subsystem.identifier }
}

/// The headers a member's request carries, covered by its signature.
public enum ExchangeHeaders {
    public static let purpose = "DanCu-Purpose"
    public static let legalBasis = "DanCu-Legal-Basis"
    public static let consent = "DanCu-Consent"
}
