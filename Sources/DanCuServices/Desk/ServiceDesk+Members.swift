public import DanCuAccess
public import DanCuCore
public import DanCuExchange
import DanCuRegister
import DanCuStore
public import Foundation

/// The steps an agency's member system decides (liên thông): social insurance issues a newborn's
/// health-insurance card, decides a funeral allowance; the tax administration registers a tax code.
/// The member lists its open steps, reads an application with the register fields its grant of
/// `service-cases` names (through the gate, logged in its name), and reports its decision, signed.
/// A record it issues (the card) is written as its linked record in the step's own transaction.
/// A step that is not the member's is answered as an application that does not exist.
extension ServiceDesk {
    /// An application as the member deciding one of its steps sees it.
    public struct MemberCase: Sendable {
        public let application: ApplicationCase
        public let procedure: Procedure
        /// The member's step, open.
        public let step: Procedure.Step
        public let form: ApplicationForm
        /// The granted fields of the applicant's record, as a JSON object.
        public let applicant: String
        /// The granted fields of the person the application is about (the newborn, the deceased), as a
        /// JSON object; nil when it is about the applicant alone.
        public let subject: String?
        /// The files sent with the application, without their content (`memberAttachment` reads one).
        public let attachments: [KeptAttachment]
    }

    /// What a member reports: its decision and, for an approval, the record it issued (a linked record
    /// of the step's result type, JSON) and a line for the applicant (the allowance granted).
    public struct MemberDecision: Sendable {
        public let decision: StepDecision
        public let recordType: String?
        /// The record's fields, a JSON object.
        public let recordData: Data?
        public let summary: String?

        public init(decision: StepDecision, recordType: String? = nil, recordData: Data? = nil, summary: String? = nil) {
            self.decision = decision
            self.recordType = recordType
            self.recordData = recordData
            self.summary = summary
        }
    }

    /// The open steps `caller`'s subsystem decides, the earliest due first: codes and due days only.
    public func memberQueue(limit: Int, for caller: MemberCaller, exchange: ExchangeGateway) async throws -> [QueueItem] {
        try await exchange.permitCaseQueue(caller)
        let steps = memberSteps(of: caller)
        let today = clock.today()
        let rows = try await store.read { db in try ServiceQueue.member(steps: steps, limit: max(1, min(limit, 200)), in: db) }
        return rows.map { item in
            QueueItem(
                code: item.code, procedure: item.procedure, step: item.step, desk: item.desk, wardCode: item.wardCode, status: item.status,
                openedOn: item.openedOn, due: item.due, late: item.due.map { today > $0 } ?? false)
        }
    }

    /// The application `code` whose open step the caller decides, with `fields` of its people as the
    /// caller's grant of `service-cases` allows (each read logged in the member's name).
    public func memberCase(_ code: String, fields: [String], for caller: MemberCaller, exchange: ExchangeGateway) async throws -> MemberCase {
        let (stored, procedure, step) = try await memberStep(code, step: nil, of: caller)
        let application = stored.application
        let grant = try await exchange.allowCaseWork(
            caller, wardCode: application.wardCode, people: people(of: application), fields: fields, action: "x-service-case-read")
        let applicant = try await grant.person(try PersonalNumber(application.applicant)).person
        var subject: String?
        if let number = application.subject.flatMap({ try? PersonalNumber($0) }) {
            subject = try ExchangeGateway.project(try await grant.person(number).person, to: fields)
        }
        try await grant.logRead()
        let attachments = try await store.read { db in try AttachmentTable.list(of: code, in: db) }
        return MemberCase(
            application: application, procedure: procedure, step: step, form: ApplicationForm.decoded(stored.form, for: procedure, units: units),
            applicant: try ExchangeGateway.project(applicant, to: fields), subject: subject, attachments: attachments)
    }

    /// A file of the application whose open step the caller decides (the unemployment benefit's
    /// termination decision), read under its grant of `service-cases` and logged in its name.
    public func memberAttachment(_ attachmentCode: String, of code: String, for caller: MemberCaller, exchange: ExchangeGateway) async throws
        -> AttachmentContent
    {
        let (stored, _, _) = try await memberStep(code, step: nil, of: caller)
        let application = stored.application
        let grant = try await exchange.allowCaseWork(
            caller, wardCode: application.wardCode, people: people(of: application), fields: [], action: "x-service-attachment-read")
        let file = try await opened(attachmentCode, of: application.code)
        try await grant.logRead()
        return file
    }

    /// The caller's decision on its open step `step` of `code`. An approval of a step whose result is a
    /// linked record carries that record, about the application's subject (else its applicant); it is
    /// written with the step's approval, in one transaction.
    public func decideAsMember(
        _ decision: MemberDecision, step id: String, of code: String, for caller: MemberCaller, exchange: ExchangeGateway
    ) async throws -> ApplicationCase {
        let (stored, procedure, step) = try await memberStep(code, step: id, of: caller)
        let application = stored.application
        // The member's right to decide: its grant of service-cases, judged for this application's ward.
        let grant = try await exchange.allowCaseWork(
            caller, wardCode: application.wardCode, people: people(of: application), fields: [], action: "x-service-" + decision.decision.name)
        let now = clock.nowMicros()
        let today = clock.today()
        var change = try workflow(procedure).decide(decision.decision, step: step.id, of: application, by: caller.actor, at: now, on: today)
        let link = try await record(decision, for: step, of: application, procedure: procedure, caller: caller, exchange: exchange)
        if case .approve = decision.decision, let summary = decision.summary.map(Self.line) ?? link.map(Self.summary) {
            change = change.noting(summary, onApprovalOf: step.id)
        }
        let final = try workflow(procedure).issuingResults(after: change, at: now, on: today)
        try await store.write { db in
            _ = try link?.write(in: db)
            try ApplicationTable.update(final, from: application, in: db)
        }
        try await grant.logChange()
        return final.application
    }

    /// The record an approval issues, checked and granted: required where the step's result is a linked
    /// record, refused anywhere else.
    func record(
        _ decision: MemberDecision, for step: Procedure.Step, of application: ApplicationCase, procedure: Procedure, caller: MemberCaller,
        exchange: ExchangeGateway
    ) async throws -> PreparedLink? {
        let expected = procedure.results.first { $0.step == step.id && $0.kind == .linkedRecord }?.recordType
        guard case .approve = decision.decision else {
            if decision.recordType != nil { throw ServiceError.invalid(field: "record", detail: "only an approval carries a record") }
            return nil
        }
        guard let expected else {
            if decision.recordType != nil { throw ServiceError.invalid(field: "record", detail: "this step issues no record; say the decision in summary") }
            return nil
        }
        guard let type = decision.recordType, let data = decision.recordData else {
            throw ServiceError.invalid(field: "record", detail: "this step's result is a record of type \(expected); send it with the approval")
        }
        guard type == expected else { throw ServiceError.invalid(field: "record.type", detail: "this step issues a record of type \(expected)") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ServiceError.invalid(field: "record.data", detail: "send the record's fields as an object")
        }
        return try await exchange.prepareLink(try PersonalNumber(application.subject ?? application.applicant), type: type, data: object, for: caller)
    }

    /// A member's line for the applicant, NFC, at most 500 characters.
    static func line(_ text: String) -> String { String(text.precomposedStringWithCanonicalMapping.prefix(500)) }

    /// The (procedure, step) pairs whose member is the caller's subsystem.
    func memberSteps(of caller: MemberCaller) -> [(procedure: String, step: String)] {
        catalogue.procedures.flatMap { procedure in
            procedure.steps.filter { $0.desk == .memberSystem && $0.member == caller.subsystem.identifier }.map { (procedure.code, $0.id) }
        }
    }

    /// The application and the caller's open step of it (the one named, else the first open one); any
    /// other case, another member's step included, is answered as an application that does not exist.
    func memberStep(_ code: String, step id: String?, of caller: MemberCaller) async throws -> (ApplicationTable.Stored, Procedure, Procedure.Step) {
        let stored = try await load(code)
        let procedure = try procedure(stored.application.procedure)
        let open = procedure.steps.filter { step in
            step.desk == .memberSystem && step.member == caller.subsystem.identifier && stored.application.step(step.id)?.status == .open
                && (id == nil || step.id == id)
        }
        guard let step = open.first else { throw ServiceError.unknownApplication }
        return (stored, procedure, step)
    }

    func people(of application: ApplicationCase) -> [String] {
        [application.applicant] + [application.subject].compactMap { $0 }
    }

    /// A linked record as the applicant's result line: the type's name and the record's values, each
    /// under its Vietnamese label where the standard types have one (the field's own name otherwise).
    static func summary(of link: PreparedLink) -> String {
        let values = (try? JSONSerialization.jsonObject(with: Data(link.data.utf8)) as? [String: Any]) ?? [:]
        let parts = link.type.fields.compactMap { field in values[field.name].map { "\(fieldLabels[field.name] ?? field.name): \($0)" } }
        return link.type.nameVietnamese + " (" + parts.joined(separator: "; ") + ")"
    }

    /// The standard record types' fields in words (exchange `RecordType.standard()`).
    static let fieldLabels = [
        "cardNumber": "Mã thẻ", "validFrom": "Từ ngày", "validTo": "Đến ngày", "initialFacility": "Nơi đăng ký khám chữa bệnh ban đầu",
        "number": "Số", "taxCode": "Mã số thuế", "licenceNumber": "Số giấy phép", "licenceClass": "Hạng", "vaccine": "Vắc xin", "dose": "Mũi",
        "givenOn": "Ngày tiêm",
    ]
}
