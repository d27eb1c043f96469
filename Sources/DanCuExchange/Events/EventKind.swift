/// The life events a member may follow, in the words of its subscription, each standing for the
/// register's own kinds of event.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case birth, death, disappearance, marriage, divorce, move
    case nameChange = "name-change"
    case correction

    /// The register's event kinds (`LifeEventChange.kind`) this kind covers.
    public var registerKinds: [String] {
        switch self {
        case .birth: ["birthRegistered"]
        case .death: ["deathRecorded"]
        case .disappearance: ["disappearanceRecorded", "reappeared"]
        case .marriage: ["marriageRegistered"]
        case .divorce: ["divorceRegistered", "widowed"]
        case .move: ["permanentResidenceRegistered", "temporaryResidenceRegistered", "temporaryResidenceEnded", "currentResidenceDeclared"]
        case .nameChange: ["nameChanged"]
        case .correction: ["corrected"]
        }
    }

    /// The kind a register event belongs to; nil for events no member follows (a stay notice).
    public static func of(registerKind: String) -> EventKind? {
        allCases.first { $0.registerKinds.contains(registerKind) }
    }
}
