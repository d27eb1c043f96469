public import DanCuCore

/// Why the card office refused; each case names what a caller must fix.
public enum CardError: Error, Equatable, Sendable, CustomStringConvertible {
    case cardNotFound(String)
    /// The card or the person is not in a state that allows this (an open application, a card that ended).
    case conflict(String)
    case versionConflict(expected: Int, actual: Int)
    case invalid([RuleViolation])
    /// The installation has no card keys, so no card office.
    case unavailable(String)

    public var description: String {
        switch self {
        case .cardNotFound(let id): "no card \(id)"
        case .conflict(let why): why
        case .versionConflict(let e, let a): "the card is at version \(a), not \(e); read it again"
        case .invalid(let problems): problems.map(\.description).joined(separator: "; ")
        case .unavailable(let why): why
        }
    }
}
