public import DanCuCore

/// Who asks, why, and under which request id: what the gate needs besides the question itself.
public struct AccessRequest: Sendable {
    public let officer: Officer
    /// Nil when the caller gave none; the gate then refuses and logs the refusal.
    public let purpose: Purpose?
    public let requestId: String
    /// The basis the caller registered (a relying party, a member system); nil for officers, whose
    /// basis is the law of their work for the purpose (`LegalBases`).
    public let legalBasis: String?
    /// What the caller sent as purpose when it is none the law lists: refused by the gate, which logs it.
    public let unknownPurpose: String?

    public init(officer: Officer, purpose: Purpose?, requestId: String, legalBasis: String? = nil, unknownPurpose: String? = nil) {
        self.officer = officer
        self.purpose = purpose
        self.requestId = requestId
        self.legalBasis = legalBasis
        self.unknownPurpose = purpose == nil ? unknownPurpose : nil
    }
}

/// The answer of a creating write: what was created, and whether this request only replayed an
/// earlier one with the same `Idempotency-Key`.
public struct Created<Value: Sendable>: Sendable {
    public let value: Value
    public let replayed: Bool

    public init(value: Value, replayed: Bool) {
        self.value = value
        self.replayed = replayed
    }
}

/// An `Idempotency-Key` and a fingerprint of the request it came with.
public struct Idempotency: Sendable {
    public let key: String
    public let fingerprint: String

    public init(key: String, fingerprint: String) throws(AccessError) {
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            throw .invalid(field: "Idempotency-Key", detail: "use 1 to 255 visible ASCII characters")
        }
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// What a change to one person answers: the new version, and the record only when the caller may read
/// the person (as a read would let them). An officer who registered a stay for a visitor from another
/// province learns that it was recorded, and nothing of the visitor's record.
public struct RecordedChange: Sendable {
    public let personalNumber: PersonalNumber
    public let version: Int
    /// The kind of the event recorded (`stayNotified`).
    public let kind: String
    public let person: Person?
}
