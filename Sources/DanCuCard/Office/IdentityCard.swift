public import DanCuCore

/// A card as the card office keeps it: who holds it, where it is in its life, and every event so far.
/// Its id is the holder's personal number and the card's sequence among the holder's cards
/// (`001099012345-2`), which stays readable at a counter and keeps a person's cards together.
public struct IdentityCard: Hashable, Sendable, Codable {
    public let cardId: String
    public let personalNumber: PersonalNumber
    public let status: CardStatus
    public let version: Int
    public let kind: CardApplication.Kind
    public let reason: CardApplication.Reason?
    /// Microseconds since 1970.
    public let appliedAt: Int64
    /// The day the chip was personalised; nil before production.
    public let issuedOn: LocalDate?
    /// Nil before production and for a card valid for life.
    public let expiresOn: LocalDate?
    /// The serial number of the Document Signer that signed the chip, in hex.
    public let documentSigner: String?
    public let events: [Event]

    public struct Event: Hashable, Sendable, Codable {
        public let seq: Int
        /// `apply`, or the name of a `CardEvent` (`report-lost`).
        public let event: String
        public let status: CardStatus
        public let officer: String
        public let at: Int64
        public let reason: String?
    }

    /// Whether a relying party may accept the card on `day`: active and not past its expiry.
    public func isValid(on day: LocalDate) -> Bool {
        status.isValid && (expiresOn.map { day <= $0 } ?? true)
    }
}

/// An application for a card, with the biometrics captured at the counter.
public struct CardApplication: Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Cấp lần đầu.
        case first
        /// Đổi thẻ: at the renewal ages, when the card expires, or because the data on it changed.
        case renewal
        /// Cấp lại: after loss, theft or damage.
        case reissue
    }

    public enum Reason: String, Codable, Sendable, CaseIterable {
        case renewalAge = "renewal-age"
        case expired
        case dataChanged = "data-changed"
        case lost, stolen, damaged

        public var kind: Kind {
            switch self {
            case .renewalAge, .expired, .dataChanged: .renewal
            case .lost, .stolen, .damaged: .reissue
            }
        }
    }

    public let kind: Kind
    public let reason: Reason?
    public let biometrics: Biometrics

    public init(kind: Kind, reason: Reason?, biometrics: Biometrics) {
        self.kind = kind
        self.reason = reason
        self.biometrics = biometrics
    }
}

/// Biometrics taken with an application (Identity Law 2023 Art. 23): a face image (JPEG) and the
/// fingerprint and iris templates of the capture devices, kept as opaque bytes. None below age 6.
public struct Biometrics: Equatable, Sendable {
    public let face: [UInt8]?
    public let fingerprints: [[UInt8]]
    public let irises: [[UInt8]]

    public static let none = Biometrics(face: nil, fingerprints: [], irises: [])
    public static let maxFaceBytes = 256 * 1024
    public static let maxTemplateBytes = 16 * 1024

    public init(face: [UInt8]?, fingerprints: [[UInt8]], irises: [[UInt8]]) {
        self.face = face
        self.fingerprints = fingerprints
        self.irises = irises
    }

    public var isEmpty: Bool { face == nil && fingerprints.isEmpty && irises.isEmpty }

    /// For sealing: one TLV of the face (81), each fingerprint (82) and each iris (83).
    var encoded: [UInt8] {
        TLV(
            tag: 0x70,
            children: (face.map { [TLV(tag: 0x81, value: $0)] } ?? []) + fingerprints.map { TLV(tag: 0x82, value: $0) }
                + irises.map { TLV(tag: 0x83, value: $0) }
        ).encoded
    }

    init(encoded: [UInt8]) throws(CardTextError) {
        let children = try TLV.read(encoded, context: "biometrics").children()
        face = children.first { $0.tag == 0x81 }?.value
        fingerprints = children.filter { $0.tag == 0x82 }.map(\.value)
        irises = children.filter { $0.tag == 0x83 }.map(\.value)
    }
}
