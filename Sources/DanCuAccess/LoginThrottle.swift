/// How long a source waits after failed sign-ins to one account: nothing for the first few, then a
/// wait that doubles with each failure, up to a ceiling.
enum LoginThrottle {
    /// Seconds to wait after `failures` wrong passwords in a row; nil while they are still free.
    static func wait(afterFailures failures: Int, policy: OfficerAccounts.Policy) -> Int64? {
        guard failures >= policy.freeFailures else { return nil }
        let doublings = min(failures - policy.freeFailures, 30)
        return min(policy.firstWaitSeconds << Int64(doublings), policy.maxWaitSeconds)
    }
}

/// Something the security staff should look at: a burst of failed sign-ins against one account.
public struct SecurityAlert: Sendable, Equatable {
    public let at: Int64
    public let kind: String
    public let subject: String
    public let detail: String
}
