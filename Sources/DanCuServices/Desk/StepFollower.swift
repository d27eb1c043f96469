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
        if subjectIsCreated, let created = write.created { stored = Self.born(change, child: created) }
        try ApplicationTable.update(stored, from: previous, in: db)
    }

    /// `change` once its birth is registered: the child is the application's subject, and the child's
    /// personal number is what the approved step gave.
    static func born(_ change: Workflow.Change, child: String) -> Workflow.Change {
        guard let step = change.approvedStep else { return change }
        let noted = change.noting("Số định danh cá nhân: \(child)", onApprovalOf: step)
        var application = noted.application
        application.subject = child
        return Workflow.Change(application: application, events: noted.events)
    }
}
