public import DanCuCore

/// An application as its reader sees it: its state, steps, deadlines, the form as typed, the
/// register's fields as the reader may see them, and its history.
public struct ApplicationView: Sendable {
    public let application: ApplicationCase
    public let procedure: Procedure
    public let form: ApplicationForm
    /// The register's fields of the form, read through the gate when shown; nil where the reader may
    /// not see it (another person's record, for the applicant) or the register has no value.
    public let shown: [ShownField]
    public let events: [ApplicationEvent]
    /// The files sent with it, without their content (read one through the desk).
    public let attachments: [KeptAttachment]
    /// Whether the application is, or was, late.
    public let late: Bool
    /// The steps that are, or were, late.
    public let lateSteps: [String]
    /// What the procedure gives, each with what its step gave once approved.
    public let results: [IssuedResult]

    /// One result of the procedure: issued once its step is approved, with the step's result line (the
    /// child's personal number, the address registered, the card issued, the allowance decided).
    public struct IssuedResult: Sendable, Equatable {
        public let kind: Procedure.ResultKind
        public let name: Procedure.Words
        public let step: String
        public let issued: Bool
        public let value: String?
        /// For a document once issued: the document sealed by DanCu, to show with its QR code.
        public let document: SealedDocument?
    }

    public struct ShownField: Sendable, Equatable {
        public let name: String
        public let label: Procedure.Words
        public let value: String?
    }
}

/// The form of a procedure before submission: the register's fields filled in for the applicant.
public struct Prefill: Sendable {
    public let procedure: Procedure
    public let shown: [ApplicationView.ShownField]
}

/// One line of an officer's queue.
public struct QueueItem: Sendable, Equatable {
    public let code: String
    public let procedure: String
    public let step: String
    public let desk: Procedure.Desk
    public let wardCode: String
    public let status: StepStatus
    public let openedOn: LocalDate?
    public let due: LocalDate?
    public let late: Bool
}
