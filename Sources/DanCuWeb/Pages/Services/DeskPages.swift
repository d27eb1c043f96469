import DanCuAccess
import DanCuCore
import DanCuServices
import Foundation
import HTTPTypes
import Hummingbird

/// The officers' desk pages (`/desk`): sign in, the queue of open steps at their desks in their
/// jurisdiction (overdue first), and a case file with a decision form on each step of theirs.
struct DeskPages: Sendable {
    let renderer: PageRenderer

    struct SignInView {
        let error: String?, csrf: String
    }

    func signIn(error: String? = nil, csrf: String, status: HTTPResponse.Status = .ok) -> Response {
        renderer.page("desk-sign-in", SignInView(error: error, csrf: csrf), status: error == nil ? status : .unauthorized)
    }

    struct QueueLine {
        let code: String, procedure: String, step: String, ward: String, due: String, late: Bool
    }

    struct QueueView {
        let officer: String, role: String, jurisdiction: String, csrf: String
        let items: [QueueLine]
        let hasItems: Bool
        /// Province and central officers review the register's suspected duplicates too.
        let reviewsDuplicates: Bool
    }

    func queue(_ items: [QueueItem], officer: Officer, catalogue: ProcedureCatalogue, units: AdministrativeUnits, csrf: String) -> Response {
        let lines = items.map { item in
            let procedure = catalogue.procedure(item.procedure)
            return QueueLine(
                code: item.code, procedure: procedure?.name.vi ?? item.procedure,
                step: procedure?.steps.first { $0.id == item.step }?.name.vi ?? item.step, ward: units.ward(item.wardCode)?.name ?? item.wardCode,
                due: item.due?.description ?? "", late: item.late)
        }
        return renderer.page(
            "desk-queue",
            QueueView(
                officer: officer.displayName, role: officer.role.rawValue, jurisdiction: officer.jurisdiction.description, csrf: csrf, items: lines,
                hasItems: !lines.isEmpty, reviewsDuplicates: [.provinceOfficer, .centralOfficer].contains(officer.role)))
    }

    struct StepForm {
        let id: String, vi: String, en: String, desk: Words, status: Words, due: String, late: Bool, note: String?
        let code: String
        /// Whether the officer decides it now: open, at one of their desks.
        let mine: Bool
        let csrf: String, reason: String, reasonError: String?
    }

    struct EventLine {
        let at: String, kind: String, step: String, actor: String, note: String
    }

    struct CaseView {
        let page: ServicePages.ApplicationPage
        let ward: String
        let steps: [StepForm]
        let events: [EventLine]
        let notice: String?, error: String?
        let csrf: String
    }

    /// A case file: the register's data of its people, what was typed, each step with a decision form
    /// where the officer acts, and who did what.
    func caseFile(
        _ view: ApplicationView, officer: Officer, units: AdministrativeUnits, csrf: String, notice: String? = nil,
        failed: (step: String, reason: String, message: String)? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let page = ServicePages.page(view, csrf: csrf, filesAt: "/desk/applications/")
        let desks = Set(Procedure.Desk.allCases.filter { $0.roles.contains(officer.role) })
        let steps = zip(view.procedure.steps, page.steps).map { step, line in
            let open = view.application.step(step.id)?.status == .open
            let here = failed?.step == step.id
            return StepForm(
                id: step.id, vi: line.vi, en: line.en, desk: line.desk, status: line.status, due: line.due, late: line.late,
                note: view.application.step(step.id)?.note, code: view.application.code, mine: open && desks.contains(step.desk), csrf: csrf,
                reason: here ? failed?.reason ?? "" : "", reasonError: here ? failed?.message : nil)
        }
        let events = view.events.map {
            EventLine(at: MePages.time($0.at), kind: $0.kind.rawValue, step: $0.step ?? "", actor: $0.actor, note: $0.note ?? "")
        }
        let ward = units.ward(view.application.wardCode)?.name ?? view.application.wardCode
        return renderer.page(
            "desk-case", CaseView(page: page, ward: ward, steps: steps, events: events, notice: notice, error: failed?.message, csrf: csrf), status: status)
    }
}
