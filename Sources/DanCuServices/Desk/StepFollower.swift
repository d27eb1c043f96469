import DanCuCore
import DanCuRegister
import DanCuStore

/// Stores a step's approval inside the transaction of the register change it makes: the change and
/// the application's new state commit together or not at all. A birth's new personal number becomes
/// the application's subject.
struct StepFollower: RegisterFollower {
    let change: Workflow.Change
    let previous: ApplicationCase
    let subjectIsCreated: Bool

    func follow(_ write: RegisterWrite, in db: any SQLConnection) throws {
        var stored = change
        if subjectIsCreated, let created = write.created, let step = change.approvedStep {
            stored = change.noting(Self.birthNote(created), onApprovalOf: step)
            var application = stored.application
            application.subject = created
            stored = Workflow.Change(application: application, events: stored.events)
        }
        try ApplicationTable.update(stored, from: previous, in: db)
    }

    /// What a registered birth gave, as its step's result says it.
    static func birthNote(_ personalNumber: String) -> String { "Số định danh cá nhân: \(personalNumber)" }
}
