public import DanCuAccess
public import DanCuCore
import DanCuStore

/// The card office as the HTTP edge and the command line use it: each function asks the gate for a
/// grant (refusals logged there), then does the work with it (reads and changes logged in its name).
public struct Cards: Sendable {
    public let gate: Gate
    public let office: CardOffice
    public let verifier: CardVerifier

    public init(gate: Gate, office: CardOffice, verifier: CardVerifier) {
        self.gate = gate
        self.office = office
        self.verifier = verifier
    }

    static let cardFields = ["identityCard"]

    // MARK: Card office

    /// Takes a card application (with its biometrics) for a person of the officer's area.
    public func apply(
        for number: PersonalNumber, _ application: CardApplication, idempotency: Idempotency?,
        request: AccessRequest
    ) async throws -> Created<IdentityCard> {
        let grant = try await gate.grant(request, on: number, need: { .card(.apply, $0) }, action: "card-apply", fields: Self.cardFields)
        return try await gate.creating(idempotency, for: request, replay: { try await self.card($0, request: request) }) {
            try await office.apply(for: number, application, grant: grant.remembering(idempotency))
        }
    }

    /// Records the next step of a card's life: approve, refuse, produce, deliver, report lost, stolen
    /// or damaged, expire, revoke.
    public func record(
        _ event: CardEvent, on cardId: String, reason: String?, expectedVersion: Int?,
        request: AccessRequest
    ) async throws -> IdentityCard {
        let holder = try Self.holder(of: cardId)
        let grant = try await gate.grant(
            request, on: holder, need: { .card(Self.work(of: event), $0) },
            action: "card-" + event.name, fields: Self.cardFields)
        guard expectedVersion != nil else {
            throw AccessError.preconditionRequired("send If-Match with the card's version (its ETag), so a change made meanwhile is not overlooked")
        }
        return try await office.record(event, on: cardId, grant: grant, reason: reason, expectedVersion: expectedVersion)
    }

    public func card(_ cardId: String, request: AccessRequest) async throws -> IdentityCard {
        let grant = try await gate.grant(
            request, on: try Self.holder(of: cardId), need: { .card(.read, $0) },
            action: "card-read", fields: Self.cardFields)
        return try await office.card(cardId, grant: grant)
    }

    public func cards(of number: PersonalNumber, request: AccessRequest) async throws -> [IdentityCard] {
        let grant = try await gate.grant(request, on: number, need: { .card(.read, $0) }, action: "card-list", fields: Self.cardFields)
        return try await office.cards(of: number, grant: grant)
    }

    /// The chip's files of a produced card (the face in DG2 among them).
    public func chip(_ cardId: String, request: AccessRequest) async throws -> ChipFiles {
        let grant = try await gate.grant(
            request, on: try Self.holder(of: cardId), need: { .card(.read, $0) },
            action: "card-chip", fields: ["identityCard", "chip", "faceImage"])
        return try await office.chip(cardId, grant: grant)
    }

    /// A produced card's chip with its private keys, to answer a reader as the card would: for the
    /// command line's verification of a card of this register.
    public func simulatedChip(_ cardId: String, request: AccessRequest) async throws -> (files: ChipFiles, keys: ChipKeys) {
        let grant = try await gate.grant(
            request, on: try Self.holder(of: cardId), need: { .card(.read, $0) },
            action: "card-chip", fields: ["identityCard", "chip", "faceImage"])
        return try await office.simulatedChip(cardId, grant: grant)
    }

    // MARK: Verification

    /// A relying party's verification of a card's chip. The answer holds no record, only the checks;
    /// the card's holder, when the register knows the chip, gets an access-log entry.
    public func verify(_ verification: CardVerificationRequest, request: AccessRequest) async throws -> SignedVerdict {
        let grant = try await gate.grant(
            request, .cardVerification, subject: nil, action: "card-verify",
            fields: ["cardStatus", "identity"])
        return try await verifier.verify(verification, grant: grant)
    }

    // MARK: Helpers

    /// A card id is the holder's personal number, a dash and the card's sequence.
    public static func holder(of cardId: String) throws -> PersonalNumber {
        let parts = cardId.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int(parts[1]), seq > 0, let number = try? PersonalNumber(String(parts[0])) else {
            throw CardError.cardNotFound(cardId)
        }
        return number
    }

    static func work(of event: CardEvent) -> CardWork {
        switch event {
        case .approve, .refuse: .approve
        case .produce: .produce
        case .deliver: .deliver
        case .reportLost, .reportStolen, .reportDamaged, .expire: .report
        case .revoke, .replace: .revoke
        }
    }
}

/// A card's chip read at the officer's counter, as proof that its holder is there: verified as a
/// relying party's chip is, under the officer's own request with the purpose of verifying identity.
public struct ChipPresence: ChipProof {
    let cards: Cards
    let chip: CardVerificationRequest
    let request: AccessRequest

    public init(cards: Cards, chip: CardVerificationRequest, request: AccessRequest) {
        self.cards = cards
        self.chip = chip
        self.request = AccessRequest(
            officer: request.officer, purpose: .identityVerification, requestId: request.requestId,
            legalBasis: request.legalBasis)
    }

    public func verifiedHolder() async throws -> PersonalNumber? {
        let verdict = try await cards.verify(chip, request: request).verdict
        guard verdict.valid, let number = verdict.personalNumber else { return nil }
        return try PersonalNumber(number)
    }
}
