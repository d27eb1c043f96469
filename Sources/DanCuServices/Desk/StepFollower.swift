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
        var application = change.application
        if subjectIsCreated, let created = write.created { application.subject = created }
        try ApplicationTable.update(Workflow.Change(application: application, events: change.events), from: previous, in: db)
    }
}
