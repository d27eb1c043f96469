/// One change of an application, with who made it: the application's history, appended, never edited.
public struct ApplicationEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case submitted, received
        case stepOpened = "step-opened"
        case stepApproved = "step-approved"
        case stepRefused = "step-refused"
        case supplementRequested = "supplement-requested"
        case supplementAnswered = "supplement-answered"
        /// A file sent with a supplement's answer; the note is the attachment's code.
        case attachmentSent = "attachment-sent"
        case stepCancelled = "step-cancelled"
        case approved
        case resultIssued = "result-issued"
    }

    public let kind: Kind
    public let step: String?
    /// The officer's username, the member system (`member:BHXH/THE-BHYT`), the applicant's personal
    /// number, or `system:services` for what the engine does by itself.
    public let actor: String
    /// Microseconds since 1970 (UTC).
    public let at: Int64
    /// A reason, a request, or what a result was.
    public let note: String?

    public init(kind: Kind, step: String? = nil, actor: String, at: Int64, note: String? = nil) {
        self.kind = kind
        self.step = step
        self.actor = actor
        self.at = at
        self.note = note
    }
}
