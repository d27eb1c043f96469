/// The life events a member may follow, in the words of its subscription, each standing for the
/// register's own kinds of event.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case birth, death, disappearance, marriage, divorce, move
    case nameChange = "name-change"
    case correction
    /// A duplicate record merged into another (its number cancelled, resolving to the survivor's), or
    /// such a merge undone: a member keeping the number updates its own record.
    case merge
    /// The card office's events: a card reported lost or stolen, a card revoked (a death revokes them too).
    case cardLost = "card-lost"
    case cardRevoked = "card-revoked"

    /// The register's event kinds (`LifeEventChange.kind`) this kind covers.
    public var registerKinds: [String] {
        switch self {
        case .birth: ["birthRegistered"]
        case .death: ["deathRecorded"]
        case .disappearance: ["disappearanceRecorded", "reappeared"]
        case .marriage: ["marriageRegistered"]
        case .divorce: ["divorceRegistered", "widowed"]
        case .move:
            [
                "permanentResidenceRegistered", "permanentResidenceRemoved", "temporaryResidenceRegistered", "temporaryResidenceEnded",
                "currentResidenceDeclared",
            ]
        case .nameChange: ["nameChanged"]
        case .correction: ["corrected"]
        case .merge: ["mergedInto", "mergeUndone"]
        case .cardLost, .cardRevoked: []
        }
    }

    /// The card statuses this kind covers (`CardStatus` raw values).
    public var cardStatuses: [String] {
        switch self {
        case .cardLost: ["lost", "stolen"]
        case .cardRevoked: ["revoked"]
        default: []
        }
    }

    /// The kind a card's new status belongs to; nil for statuses no member follows.
    public static func of(cardStatus: String) -> EventKind? {
        allCases.first { $0.cardStatuses.contains(cardStatus) }
    }

    /// The kind a register event belongs to; nil for events no member follows (a stay notice).
    public static func of(registerKind: String) -> EventKind? {
        allCases.first { $0.registerKinds.contains(registerKind) }
    }
}
