public import DanCuCore

/// Why a register use case refused; each case names what a caller must fix.
public enum RegisterError: Error, Equatable, Sendable, CustomStringConvertible {
    case personNotFound(PersonalNumber)
    case householdNotFound(String)
    case versionConflict(expected: Int, actual: Int)
    case invalid([RuleViolation])
    /// The same thing was registered before: answering it would create a second record of one fact.
    case duplicate(RuleViolation)

    public var description: String {
        switch self {
        case .personNotFound(let n): "no person with personal number \(n)"
        case .householdNotFound(let id): "no household \(id)"
        case .versionConflict(let e, let a): "the record is at version \(a), not \(e); read it again"
        case .invalid(let problems): problems.map(\.description).joined(separator: "; ")
        case .duplicate(let problem): problem.description
        }
    }
}
