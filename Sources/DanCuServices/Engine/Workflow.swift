public import DanCuCore
import Foundation

/// The procedure engine's rules: how an application moves from submitted to result issued, step by
/// step, as its procedure declares. Pure: each function takes the case and the moment, and gives the
/// new case with the events that record the change. The desk stores both in one transaction.
public struct Workflow: Sendable {
    public let procedure: Procedure
    public let calendar: WorkingCalendar

    /// The engine's own actor in events it makes by itself (a step opening when its predecessors are done).
    public static let systemActor = "system:services"

    public init(procedure: Procedure, calendar: WorkingCalendar) {
        self.procedure = procedure
        self.calendar = calendar
    }

    public struct Change: Sendable {
        public let application: ApplicationCase
        public let events: [ApplicationEvent]
        /// The steps opened by this change, whose desks now have work.
        public var opened: [String] { events.filter { $0.kind == .stepOpened }.compactMap(\.step) }
        /// The step approved by this change, whose action the desk now carries out.
        public var approvedStep: String? { events.first { $0.kind == .stepApproved }?.step }

        public init(application: ApplicationCase, events: [ApplicationEvent]) {
            self.application = application
            self.events = events
        }

        /// The same change with `note` as what the approved `step` gave (a card number, an address):
        /// on the step, for the applicant's results, and on its approval's event.
        public func noting(_ text: String, onApprovalOf step: String) -> Change {
            let note = String(text.prefix(2_000))
            var application = application
            if let i = application.steps.firstIndex(where: { $0.id == step }) { application.steps[i].note = note }
            let events = events.map { e in
                e.kind == .stepApproved && e.step == step ? ApplicationEvent(kind: e.kind, step: e.step, actor: e.actor, at: e.at, note: note) : e
            }
            return Change(application: application, events: events)
        }
    }

    /// A new application, as submitted: all steps waiting.
    public func submitted(code: String, applicant: String, subject: String?, wardCode: String, at now: Int64) -> Change {
        let application = ApplicationCase(
            code: code, procedure: procedure.code, applicant: applicant, subject: subject, wardCode: wardCode, status: .submitted, submittedAt: now,
            receivedOn: nil, deadline: nil, finishedOn: nil,
            steps: procedure.steps.map { .init(id: $0.id, desk: $0.desk, status: .waiting) }, supplement: nil, version: 1)
        return Change(application: application, events: [ApplicationEvent(kind: .submitted, actor: applicant, at: now)])
    }

    /// Taken in by an office: the deadline is set, and the first steps open.
    public func receive(_ application: ApplicationCase, by actor: String, at now: Int64, on today: LocalDate) throws(ServiceError) -> Change {
        guard application.status == .submitted else { throw .wrongState("the application is \(application.status.rawValue), not submitted") }
        var next = application
        next.status = .received
        next.receivedOn = today
        next.deadline = calendar.deadline(receivedOn: today, workingDays: procedure.processingDays)
        var events = [ApplicationEvent(kind: .received, actor: actor, at: now)]
        openReadySteps(&next, on: today, at: now, events: &events)
        next.version += 1
        return Change(application: next, events: events)
    }

    /// An officer's (or a member system's) decision on an open step of their desk.
    public func decide(
        _ decision: StepDecision, step id: String, of application: ApplicationCase, by actor: String, at now: Int64, on today: LocalDate
    ) throws(ServiceError) -> Change {
        guard let index = application.steps.firstIndex(where: { $0.id == id }) else { throw .unknownStep(id) }
        guard application.steps[index].status == .open else {
            throw .wrongState("the step \(id) is \(application.steps[index].status.rawValue), not open")
        }
        var next = application
        var events: [ApplicationEvent] = []
        switch decision {
        case .approve:
            next.steps[index].status = .approved
            next.steps[index].decidedOn = today
            next.steps[index].decidedBy = actor
            events.append(ApplicationEvent(kind: .stepApproved, step: id, actor: actor, at: now))
            openReadySteps(&next, on: today, at: now, events: &events)
            if next.steps.allSatisfy({ $0.status == .approved }) {
                next.status = .approved
                events.append(ApplicationEvent(kind: .approved, actor: Self.systemActor, at: now))
            } else {
                next.status = .inProgress
            }
        case .refuse(let reason):
            let reason = try Self.reason(reason)
            next.steps[index].status = .refused
            next.steps[index].decidedOn = today
            next.steps[index].decidedBy = actor
            next.steps[index].note = reason
            events.append(ApplicationEvent(kind: .stepRefused, step: id, actor: actor, at: now, note: reason))
            for other in next.steps.indices where !next.steps[other].status.isDecided {
                next.steps[other].status = .cancelled
                events.append(ApplicationEvent(kind: .stepCancelled, step: next.steps[other].id, actor: Self.systemActor, at: now))
            }
            next.status = .refused
            next.finishedOn = today
            next.workingDaysTaken = next.receivedOn.map { calendar.workingDays(after: $0, through: today) }
        case .requestSupplement(let reason):
            let reason = try Self.reason(reason)
            guard next.supplement == nil else { throw .wrongState("a supplement is already asked for; wait for the applicant's answer") }
            next.steps[index].status = .supplementRequested
            next.steps[index].note = reason
            next.supplement = .init(step: id, reason: reason, requestedOn: today, requestedBy: actor)
            next.status = .supplementRequested
            events.append(ApplicationEvent(kind: .supplementRequested, step: id, actor: actor, at: now, note: reason))
        }
        next.version += 1
        return Change(application: next, events: events)
    }

    /// The applicant's answer to a supplement request: the step opens again, and the working days the
    /// application waited are given back to its deadlines.
    public func answerSupplement(_ application: ApplicationCase, by actor: String, note: String?, at now: Int64, on today: LocalDate)
        throws(ServiceError) -> Change
    {
        guard application.status == .supplementRequested, let request = application.supplement,
            let index = application.steps.firstIndex(where: { $0.id == request.step })
        else { throw .wrongState("no supplement is asked for") }
        guard actor == application.applicant else { throw .notAllowed("only the applicant answers a supplement request") }
        var next = application
        let waited = calendar.workingDays(after: request.requestedOn, through: today)
        next.deadline = next.deadline.map { calendar.adding(workingDays: waited, to: $0) }
        for i in next.steps.indices where next.steps[i].status == .open || next.steps[i].status == .supplementRequested {
            next.steps[i].due = next.steps[i].due.map { calendar.adding(workingDays: waited, to: $0) }
        }
        next.steps[index].status = .open
        next.supplement = nil
        next.status = next.steps.contains(where: { $0.status.isDecided }) ? .inProgress : .received
        next.version += 1
        let answer = note.map { String($0.prefix(2_000)) }
        return Change(application: next, events: [ApplicationEvent(kind: .supplementAnswered, step: request.step, actor: actor, at: now, note: answer)])
    }

    /// `change` with the results issued when it approved the application's last step; else as it is.
    public func issuingResults(after change: Change, at now: Int64, on today: LocalDate) throws(ServiceError) -> Change {
        guard change.application.status == .approved else { return change }
        let issued = try issueResults(change.application, at: now, on: today, summary: nil)
        return Change(application: issued.application, events: change.events + issued.events)
    }

    /// The results issued, once every step is approved and its work done.
    public func issueResults(_ application: ApplicationCase, at now: Int64, on today: LocalDate, summary: String?) throws(ServiceError) -> Change {
        guard application.status == .approved else { throw .wrongState("the application is \(application.status.rawValue), not approved") }
        var next = application
        next.status = .resultIssued
        next.finishedOn = today
        next.workingDaysTaken = next.receivedOn.map { calendar.workingDays(after: $0, through: today) }
        next.version += 1
        return Change(application: next, events: [ApplicationEvent(kind: .resultIssued, actor: Self.systemActor, at: now, note: summary)])
    }

    /// Opens every waiting step whose predecessors are all approved, with its due day.
    private func openReadySteps(_ application: inout ApplicationCase, on today: LocalDate, at now: Int64, events: inout [ApplicationEvent]) {
        for step in procedure.steps {
            guard let i = application.steps.firstIndex(where: { $0.id == step.id }), application.steps[i].status == .waiting else { continue }
            let ready = step.after.allSatisfy { before in application.steps.first { $0.id == before }?.status == .approved }
            guard ready else { continue }
            application.steps[i].status = .open
            application.steps[i].openedOn = today
            application.steps[i].due = calendar.deadline(receivedOn: today, workingDays: step.workingDays)
            events.append(ApplicationEvent(kind: .stepOpened, step: step.id, actor: Self.systemActor, at: now))
        }
    }

    static func reason(_ text: String) throws(ServiceError) -> String {
        let trimmed = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field: "reason", detail: "say why, for the applicant to read") }
        guard trimmed.count <= 2_000 else { throw .invalid(field: "reason", detail: "is at most 2,000 characters") }
        return trimmed
    }
}
