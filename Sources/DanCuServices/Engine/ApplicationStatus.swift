/// Where an application (hồ sơ) stands.
public enum ApplicationStatus: String, Sendable, Equatable, CaseIterable, Codable {
    /// Sent by the applicant, not yet taken in by an office.
    case submitted
    /// Taken in: the deadline runs from the next working day, and the first steps are open.
    case received
    /// At least one step has been decided; others remain.
    case inProgress = "in-progress"
    /// A step waits for the applicant to add or correct something; its days do not count.
    case supplementRequested = "supplement-requested"
    /// Every step approved.
    case approved
    /// A step refused it, with a reason; the remaining steps were cancelled.
    case refused
    /// The results were issued to the applicant.
    case resultIssued = "result-issued"

    /// Whether nothing can happen to the application any more.
    public var isFinished: Bool { self == .refused || self == .resultIssued }
}

/// Where one step of an application stands.
public enum StepStatus: String, Sendable, Equatable, CaseIterable, Codable {
    /// Waiting for the steps it comes after.
    case waiting
    /// In its desk's queue.
    case open
    /// Its desk asked the applicant for a supplement.
    case supplementRequested = "supplement-requested"
    case approved
    case refused
    /// Another step refused the application before this one was decided.
    case cancelled

    public var isDecided: Bool { self == .approved || self == .refused || self == .cancelled }
}

/// What an officer (or a member system, for its step) decides on an open step.
public enum StepDecision: Sendable, Equatable {
    case approve
    /// Refuses the application, with the reason the applicant reads.
    case refuse(reason: String)
    /// Asks the applicant to add or correct something, said in `reason`.
    case requestSupplement(reason: String)

    public var name: String {
        switch self {
        case .approve: "approve"
        case .refuse: "refuse"
        case .requestSupplement: "request-supplement"
        }
    }
}
