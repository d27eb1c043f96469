import DanCuCard
import DanCuCore
import DanCuRegister
import DanCuStore

extension Gate {
    static let cardFields = ["identityCard"]

    // MARK: Card office

    /// Takes a card application (with its biometrics) for a person of the officer's area.
    public func applyForCard(_ number: PersonalNumber, _ application: CardApplication, idempotency: Idempotency?,
                             for request: AccessRequest) async throws -> Created<IdentityCard> {
        let office = try cardOffice()
        try await authorizeCard(.apply, holder: number, action: "card-apply", request: request)
        return try await creating(idempotency, for: request, replay: { try await self.card($0, for: request) }) {
            let card = try await office.witnessed(by: witness(request, action: "card-apply", fields: Self.cardFields, idempotency: idempotency))
                .apply(for: number, application, officer: request.officer.username)
            try await relay.run()
            return card
        }
    }

    /// Records the next step of a card's life: approve, refuse, produce, deliver, report lost, stolen
    /// or damaged, expire, revoke.
    public func recordCard(_ event: CardEvent, on cardId: String, reason: String?, expectedVersion: Int?,
                           for request: AccessRequest) async throws -> IdentityCard {
        let office = try cardOffice()
        let holder = try Self.holder(of: cardId)
        let action = "card-" + event.name
        try await authorizeCard(Self.work(of: event), holder: holder, action: action, request: request)
        guard expectedVersion != nil else {
            throw AccessError.preconditionRequired("send If-Match with the card's version (its ETag), so a change made meanwhile is not overlooked")
        }
        let card = try await office.witnessed(by: witness(request, action: action, fields: Self.cardFields))
            .record(event, on: cardId, officer: request.officer.username, reason: reason, expectedVersion: expectedVersion)
        try await relay.run()
        return card
    }

    public func card(_ cardId: String, for request: AccessRequest) async throws -> IdentityCard {
        let office = try cardOffice()
        let holder = try Self.holder(of: cardId)
        try await authorizeCard(.read, holder: holder, action: "card-read", request: request)
        let card = try await office.card(cardId)
        try await logRead(request, subjects: [holder.rawValue], action: "card-read", fields: Self.cardFields)
        return card
    }

    public func cards(of number: PersonalNumber, for request: AccessRequest) async throws -> [IdentityCard] {
        let office = try cardOffice()
        try await authorizeCard(.read, holder: number, action: "card-list", request: request)
        let cards = try await office.cards(of: number)
        try await logRead(request, subjects: [number.rawValue], action: "card-list", fields: Self.cardFields)
        return cards
    }

    /// The chip's files of a produced card (the face in DG2 among them).
    public func chip(_ cardId: String, for request: AccessRequest) async throws -> ChipFiles {
        let office = try cardOffice()
        let holder = try Self.holder(of: cardId)
        try await authorizeCard(.read, holder: holder, action: "card-chip", request: request)
        let files = try await office.chip(cardId)
        try await logRead(request, subjects: [holder.rawValue], action: "card-chip", fields: ["identityCard", "chip", "faceImage"])
        return files
    }

    // MARK: Verification

    /// A relying party's verification of a card's chip. The answer holds no record, only the checks;
    /// the card's holder, when the register knows the chip, gets an access-log entry.
    public func verifyCard(_ verification: CardVerificationRequest, for request: AccessRequest) async throws -> SignedVerdict {
        guard let verifier else { throw CardError.unavailable("this installation has no card keys: run `dancu keys csca init` and `dancu keys ds issue`") }
        try await requirePurpose(request, subject: nil, action: "card-verify", fields: ["cardStatus", "identity"])
        try await authorize(request, .cardVerification, subject: nil, action: "card-verify", fields: ["cardStatus", "identity"])
        let verdict = try await verifier.verify(verification)
        if let subject = verdict.verdict.personalNumber {
            try await logRead(request, subjects: [subject], action: "card-verify", fields: ["cardStatus", "identity"])
        }
        return verdict
    }

    // MARK: Helpers

    func cardOffice() throws -> CardOffice {
        guard let cards else { throw CardError.unavailable("this installation has no card keys: run `dancu keys csca init` and `dancu keys ds issue`") }
        return cards
    }

    /// Card work is judged by where the holder lives or was registered, as a person's data is.
    func authorizeCard(_ work: AccessPolicy.CardWork, holder: PersonalNumber, action: String, request: AccessRequest) async throws {
        try await requirePurpose(request, subject: holder.rawValue, action: action, fields: Self.cardFields)
        let area = request.officer.jurisdiction == .nation ? Area()
            : try await self.area(of: holder, for: request, action: action, fields: Self.cardFields)
        try await authorize(request, .card(work, area), subject: holder.rawValue, action: action, fields: Self.cardFields)
    }

    /// A card id is the holder's personal number, a dash and the card's sequence.
    static func holder(of cardId: String) throws -> PersonalNumber {
        let parts = cardId.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int(parts[1]), seq > 0, let number = try? PersonalNumber(String(parts[0])) else {
            throw CardError.cardNotFound(cardId)
        }
        return number
    }

    static func work(of event: CardEvent) -> AccessPolicy.CardWork {
        switch event {
        case .approve, .refuse: .approve
        case .produce: .produce
        case .deliver: .deliver
        case .reportLost, .reportStolen, .reportDamaged, .expire: .report
        case .revoke, .replace: .revoke
        }
    }
}
