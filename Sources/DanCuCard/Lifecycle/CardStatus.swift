/// Where a card is in its life, from the application to its end.
public enum CardStatus: String, Codable, Sendable, CaseIterable {
    case applied, approved, produced, delivered, active
    case lost, stolen, damaged, expired, revoked, refused

    /// A card that ended cannot come back; a new card is applied for instead.
    public var hasEnded: Bool {
        switch self {
        case .lost, .stolen, .damaged, .expired, .revoked, .refused: true
        case .applied, .approved, .produced, .delivered, .active: false
        }
    }

    /// Whether a relying party may accept the card.
    public var isValid: Bool { self == .active }
}

/// What happens to a card; each is an event with its officer (or the register, for a death).
public enum CardEvent: String, Codable, Sendable, CaseIterable {
    case approve, refuse, produce, deliver, activate, reportLost, reportStolen, reportDamaged, expire, revoke

    /// The status after this event, or why it cannot happen now.
    public func apply(to status: CardStatus) throws(CardTextError) -> CardStatus {
        switch (self, status) {
        case (.approve, .applied): return .approved
        case (.refuse, .applied), (.refuse, .approved): return .refused
        case (.produce, .approved): return .produced
        case (.deliver, .produced): return .delivered
        case (.activate, .delivered): return .active
        case (.reportLost, .active), (.reportLost, .delivered): return .lost
        case (.reportStolen, .active), (.reportStolen, .delivered): return .stolen
        case (.reportDamaged, .active): return .damaged
        case (.expire, .active): return .expired
        case (.revoke, let s) where !s.hasEnded: return .revoked
        default:
            throw CardTextError(field: "status", detail: "a card that is \(status.rawValue) cannot be \(pastTense)")
        }
    }

    var pastTense: String {
        switch self {
        case .approve: "approved"
        case .refuse: "refused"
        case .produce: "produced"
        case .deliver: "delivered"
        case .activate: "activated"
        case .reportLost: "reported lost"
        case .reportStolen: "reported stolen"
        case .reportDamaged: "reported damaged"
        case .expire: "expired"
        case .revoke: "revoked"
        }
    }
}
