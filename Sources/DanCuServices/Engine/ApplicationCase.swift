public import DanCuCore

/// The state of one application, as the workflow changes it. It holds no register data: the form
/// keeps only what the applicant typed, and the register's fields are read through the gate whenever
/// the application is shown.
public struct ApplicationCase: Sendable, Equatable {
    /// The code the applicant quotes (`G14-261203-7KQ4M2PX9`).
    public let code: String
    public let procedure: String
    /// The applicant's personal number.
    public let applicant: String
    /// The person the application is about, when not the applicant: the deceased, the partner, and the
    /// newborn once the birth is registered.
    public var subject: String?
    /// The ward whose offices handle it (the jurisdiction of its desks).
    public let wardCode: String
    public var status: ApplicationStatus
    public let submittedAt: Int64
    public var receivedOn: LocalDate?
    /// The day by which the whole procedure must be done, moved on by the days the applicant was asked
    /// for a supplement.
    public var deadline: LocalDate?
    public var finishedOn: LocalDate?
    /// The working days from receipt to the end (result issued or refused), once it ended.
    public var workingDaysTaken: Int?
    public var steps: [StepProgress]
    /// The open request for a supplement, if any.
    public var supplement: SupplementRequest?
    public var version: Int

    public struct StepProgress: Sendable, Equatable {
        public let id: String
        public let desk: Procedure.Desk
        public var status: StepStatus
        public var openedOn: LocalDate?
        public var due: LocalDate?
        public var decidedOn: LocalDate?
        public var decidedBy: String?
        /// The refusal's reason, or what was asked in a supplement request.
        public var note: String?

        public init(
            id: String, desk: Procedure.Desk, status: StepStatus, openedOn: LocalDate? = nil, due: LocalDate? = nil, decidedOn: LocalDate? = nil,
            decidedBy: String? = nil, note: String? = nil
        ) {
            self.id = id
            self.desk = desk
            self.status = status
            self.openedOn = openedOn
            self.due = due
            self.decidedOn = decidedOn
            self.decidedBy = decidedBy
            self.note = note
        }

        /// Whether the step is, or was, done after its due day (`today` for a step still open).
        public func isLate(today: LocalDate) -> Bool {
            guard let due else { return false }
            if let decidedOn { return decidedOn > due }
            return status.isDecided ? false : today > due
        }
    }

    public struct SupplementRequest: Sendable, Equatable {
        public let step: String
        public let reason: String
        public let requestedOn: LocalDate
        public let requestedBy: String
    }

    public init(
        code: String, procedure: String, applicant: String, subject: String?, wardCode: String, status: ApplicationStatus, submittedAt: Int64,
        receivedOn: LocalDate?, deadline: LocalDate?, finishedOn: LocalDate?, workingDaysTaken: Int? = nil, steps: [StepProgress],
        supplement: SupplementRequest?, version: Int
    ) {
        self.code = code
        self.procedure = procedure
        self.applicant = applicant
        self.subject = subject
        self.wardCode = wardCode
        self.status = status
        self.submittedAt = submittedAt
        self.receivedOn = receivedOn
        self.deadline = deadline
        self.finishedOn = finishedOn
        self.workingDaysTaken = workingDaysTaken
        self.steps = steps
        self.supplement = supplement
        self.version = version
    }

    public func step(_ id: String) -> StepProgress? { steps.first { $0.id == id } }

    /// Whether it ended after its deadline; nil while it runs.
    public var finishedLate: Bool? {
        guard let finishedOn else { return nil }
        return deadline.map { finishedOn > $0 } ?? false
    }

    /// Whether the application is, or was, finished after its deadline (`today` for one still running).
    public func isLate(today: LocalDate) -> Bool {
        guard let deadline else { return false }
        if let finishedOn { return finishedOn > deadline }
        // While the applicant owes a supplement the clock stands still at the day it was asked.
        let asOf = status == .supplementRequested ? (supplement?.requestedOn ?? today) : today
        return asOf > deadline
    }
}
