/// Why the gate or the officer accounts refused. Each case says what the caller must change.
public enum AccessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No credentials, or credentials that are wrong, expired or revoked.
    case unauthenticated(String)
    /// Too many failed sign-ins from this source for this account: wait until the given time (microseconds).
    case throttled(untilMicros: Int64)
    /// Authenticated, but this actor may not do this: the reason names the rule.
    case forbidden(String)
    /// The request lacks what the gate needs (a purpose) or carries a bad value.
    case invalid(field: String, detail: String)
    case officerNotFound(String)
    case officerExists(String)
    /// An update that must name the version it was made against (`If-Match`) did not.
    case preconditionRequired(String)
    /// The password was right, but the account needs a code from its authenticator app (`totp`) that
    /// was missing, wrong or already used, or has none enrolled.
    case secondFactor(String)

    public var description: String {
        switch self {
        case .unauthenticated(let why): why
        case .throttled: "too many failed sign-ins from here; wait before trying again"
        case .forbidden(let why): why
        case .invalid(let field, let detail): "\(field): \(detail)"
        case .officerNotFound(let name): "no officer \(name)"
        case .officerExists(let name): "an officer \(name) already exists"
        case .preconditionRequired(let why): why
        case .secondFactor(let why): why
        }
    }
}
