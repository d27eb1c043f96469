/// Where a card is in its life, from the application to its end.
public enum CardStatus: String, Codable, Sendable, CaseIterable {
    case applied, approved, produced, active
    case lost, stolen, damaged, expired, revoked, refused, replaced

    /// A card that ended cannot come back; a new card is applied for instead.
    public var hasEnded: Bool {
        switch self {
        case .lost, .stolen, .damaged, .expired, .revoked, .refused, .replaced: true
        case .applied, .approved, .produced, .active: false
        }
    }

    /// Whether a relying party may accept the card.
    public var isValid: Bool { self == .active }
}

/// What happens to a card; each is an event with its officer (or the register, for a death).
public enum CardEvent: String, Codable, Sendable, CaseIterable {
    case approve, refuse, produce, deliver, reportLost, reportStolen, reportDamaged, expire, revoke, replace

    /// The status after this event, or why it cannot happen now. A card is active from the moment it is
    /// handed to its holder; a new card's delivery replaces the one it renews.
    public func apply(to status: CardStatus) throws(CardTextError) -> CardStatus {
        switch (self, status) {
        case (.approve, .applied): return .approved
        case (.refuse, .applied), (.refuse, .approved): return .refused
        case (.produce, .approved): return .produced
        case (.deliver, .produced): return .active
        case (.reportLost, .active), (.reportLost, .produced): return .lost
        case (.reportStolen, .active), (.reportStolen, .produced): return .stolen
        case (.reportDamaged, .active): return .damaged
        case (.expire, .active): return .expired
        case (.replace, .active): return .replaced
        case (.revoke, let s) where !s.hasEnded: return .revoked
        default:
            throw CardTextError(field: "event", detail: "a card that is \(status.rawValue) cannot be \(pastTense)")
        }
    }

    /// How the event is named on HTTP and the command line: `report-lost`.
    public var name: String {
        switch self {
        case .reportLost: "report-lost"
        case .reportStolen: "report-stolen"
        case .reportDamaged: "report-damaged"
        default: rawValue
        }
    }

    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    var pastTense: String {
        switch self {
        case .approve: "approved"
        case .refuse: "refused"
        case .produce: "produced"
        case .deliver: "delivered"
        case .reportLost: "reported lost"
        case .reportStolen: "reported stolen"
        case .reportDamaged: "reported damaged"
        case .expire: "expired"
        case .revoke: "revoked"
        case .replace: "replaced"
        }
    }
}
