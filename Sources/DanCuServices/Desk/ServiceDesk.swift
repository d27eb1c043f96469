public import DanCuAccess
public import DanCuCard
public import DanCuCore
import DanCuRegister
public import DanCuStore
public import Foundation

/// Public services (dịch vụ công): citizens submit applications for the catalogue's procedures and
/// follow them; officers work through their desks' queues. Every read of a person's data goes through
/// the gate with the purpose 'public-service' and is logged; every change of an application is one
/// transaction with its events.
public struct ServiceDesk: Sendable {
    let store: any Store
    let gate: Gate
    public let catalogue: ProcedureCatalogue
    public let calendar: WorkingCalendar
    let units: AdministrativeUnits
    let random: @Sendable () -> UInt64
    let inserts: ApplicationInserts
    /// Seals the documents procedures issue; without it, a document result is shown unsealed.
    var seal: DocumentSeal?
    /// The published signers of documents (`DocumentSeal.trustList`), for verifiers.
    public private(set) var documentSigners: Data?
    /// The card office that takes procedure 2's applications; without it, that step cannot be approved.
    var cardOffice: CardOffice?
    /// Seals attachments at rest; without it, no attachment is taken.
    var vault: DataVault?
    /// Where the sealed files are (`AttachmentFiles`): the register's own store unless given one.
    var files: AttachmentFiles

    /// `store` holds the services' tables (the register's own store: applications sit beside the
    /// people they name, keyed by personal number).
    public init(
        store: any Store, gate: Gate, catalogue: ProcedureCatalogue, calendar: WorkingCalendar, units: AdministrativeUnits,
        random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }
    ) {
        self.store = store
        self.gate = gate
        self.catalogue = catalogue
        self.calendar = calendar
        self.units = units
        self.random = random
        self.inserts = ApplicationInserts(store: store)
        self.files = AttachmentFiles(store: store)
    }

    /// The same desk, sealing the documents it issues with `seal`; `trustList` is what verifiers read.
    public func sealingDocuments(with seal: DocumentSeal, trustList: Data) -> ServiceDesk {
        var copy = self
        copy.seal = seal
        copy.documentSigners = trustList
        return copy
    }

    /// The same desk, taking card applications at the card office's steps through `office`.
    public func issuingCards(with office: CardOffice) -> ServiceDesk {
        var copy = self
        copy.cardOffice = office
        return copy
    }

    /// The same desk, keeping applicants' attachments sealed with `vault`, their content in `files`
    /// (a store of their own, so that scans never pass through the register's writer), or beside the
    /// applications without it.
    public func keepingAttachments(in vault: DataVault, files: (any Store)? = nil) -> ServiceDesk {
        var copy = self
        copy.vault = vault
        if let files { copy.files = AttachmentFiles(store: files) }
        return copy
    }

    /// Brings the services' tables up to date in both stores, moving the files an earlier version kept
    /// in the register's rows to the attachments' store.
    public func prepare() async throws {
        try await Migrator.migrate(store, ServicesSchema.migrations)
        try await Migrator.migrate(files.store, ServicesSchema.fileMigrations)
        try await AttachmentMove.run(from: store, to: files)
    }

    var clock: CivilClock { gate.clock }

    func procedure(_ code: String) throws(ServiceError) -> Procedure {
        guard let procedure = catalogue.procedure(code) else { throw .unknownProcedure(code) }
        return procedure
    }

    func workflow(_ procedure: Procedure) -> Workflow { Workflow(procedure: procedure, calendar: calendar) }
}

// MARK: The applicant's side

extension ServiceDesk {
    /// The form of `code` for the signed-in citizen: the register's fields filled in from their own
    /// record, read through the gate.
    public func prefill(_ code: String, for request: AccessRequest) async throws -> Prefill {
        let procedure = try procedure(code)
        let own = try await ownRecord(for: request, action: "service-prefill", procedure: procedure)
        return Prefill(procedure: procedure, shown: shown(procedure, applicant: own, subject: nil, subjectVisible: false))
    }

    /// A new application, received at once when its form is complete: the first steps open in their
    /// desks' queues. A repeat with the same `idempotencyKey` answers with the application the first
    /// created; the same key with another form or other files is refused. `fields` is the form, a JSON
    /// object; `attachments` the documents it comes with, every required one among them.
    public func submit(
        _ code: String, fields: Data, attachments: [AttachmentUpload] = [], eidLevel: Int, idempotencyKey: String?, for request: AccessRequest
    ) async throws -> Created<ApplicationView> {
        let procedure = try procedure(code)
        guard eidLevel >= procedure.applicants.eidLevel else {
            throw ServiceError.notAllowed("this procedure needs an eID of level \(procedure.applicants.eidLevel); you signed in at level \(eidLevel)")
        }
        if let key = idempotencyKey, !(1...255).contains(key.utf8.count) || !key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) {
            throw ServiceError.invalid(field: "Idempotency-Key", detail: "use 1 to 255 visible ASCII characters")
        }
        // Every mistake of the form and of its files in one answer.
        var problems: [RuleViolation] = []
        var form: ApplicationForm?
        var files: [(kept: KeptAttachment, content: [UInt8])] = []
        do { form = try ApplicationForm.read(json: fields, for: procedure, units: units, today: clock.today()) } catch {
            guard case .invalidFields(let list) = error else { throw error }
            problems += list
        }
        do { files = try AttachmentRules.check(attachments, for: procedure, requireAll: true, at: clock.nowMicros()) } catch {
            guard case .invalidFields(let list) = error else { throw error }
            problems += list
        }
        guard problems.isEmpty, let form else { throw ServiceError.invalidFields(problems) }
        return try await submit(procedure, form: form, files: files, idempotencyKey: idempotencyKey, for: request)
    }

    /// The same, with the form as a dictionary of JSON values.
    public func submit(
        _ code: String, form object: [String: any Sendable], attachments: [AttachmentUpload] = [], eidLevel: Int, idempotencyKey: String?,
        for request: AccessRequest
    ) async throws -> Created<ApplicationView> {
        try await submit(
            code, fields: try JSONSerialization.data(withJSONObject: object), attachments: attachments, eidLevel: eidLevel,
            idempotencyKey: idempotencyKey, for: request)
    }

    private func submit(
        _ procedure: Procedure, form: ApplicationForm, files: [(kept: KeptAttachment, content: [UInt8])], idempotencyKey: String?,
        for request: AccessRequest
    ) async throws -> Created<ApplicationView> {
        let today = clock.today()
        let encoded = try form.encoded()
        // The files by their digests: a repeat with the same key and other files is another application.
        let fingerprint = ([procedure.code, encoded] + files.map { $0.kept.code + ":" + $0.kept.sha256 }).joined(separator: "\n")
        let applicant = request.officer.username
        if let key = idempotencyKey, let earlier = try await store.read({ db in try ApplicationTable.byIdempotency(applicant: applicant, key: key, in: db) }) {
            return try await replay(earlier, fingerprint: fingerprint, procedure: procedure, for: request)
        }
        let own = try await ownRecord(for: request, action: "service-submit", procedure: procedure, fields: try touched(storing: files))
        try checkEligibility(procedure, applicant: own.person, form: form, today: today)
        let subject = subjectNumber(procedure, form: form)
        let ward = try await ward(for: procedure, applicant: own.person, subject: subject, form: form, request: request)
        guard let province = units.ward(ward)?.provinceCode else { throw ServiceError.invalid(field: "ward", detail: "no current ward \(ward)") }
        let workflow = workflow(procedure)
        // A new code is drawn when one is taken already (one in 31^8 for a procedure on a day).
        for attempt in 1...3 {
            let now = clock.nowMicros()
            let number = ApplicationCode.make(procedure: procedure, on: today, random: random)
            let submitted = workflow.submitted(code: number, applicant: applicant, subject: subject, wardCode: ward, at: now)
            let received = try workflow.receive(submitted.application, by: Workflow.systemActor, at: now, on: today)
            let change = Workflow.Change(application: received.application, events: submitted.events + received.events)
            // The files first: a box no application names is never read, an application without its box would be.
            try await self.files.put(try files.map { try box($0.content, of: $0.kept, application: number) })
            let outcome = try await inserts.store(
                .init(
                    change: change, form: encoded, province: province, idempotencyKey: idempotencyKey, fingerprint: fingerprint,
                    attachments: files.map(\.kept)))
            if case .refused(let why) = outcome {
                // Two submissions with the same key raced, and the other committed first; or the code was taken.
                if let key = idempotencyKey,
                    let earlier = try await store.read({ db in try ApplicationTable.byIdempotency(applicant: applicant, key: key, in: db) })
                {
                    return try await replay(earlier, fingerprint: fingerprint, procedure: procedure, for: request)
                }
                guard attempt < 3 else { throw StoreError.backend("the application could not be stored: \(why)") }
                continue
            }
            // The events are those just stored: the answer needs no second read.
            let view = makeView(
                change.application, form: form, procedure: procedure, shown: shown(procedure, applicant: own, subject: nil, subjectVisible: false),
                events: change.events, attachments: files.map(\.kept).sorted { $0.code < $1.code }, sealing: true)
            return Created(value: view, replayed: false)
        }
        throw ServiceError.wrongState("no free application code; try again")
    }

    private func replay(_ earlier: ApplicationTable.Stored, fingerprint: String, procedure: Procedure, for request: AccessRequest) async throws
        -> Created<ApplicationView>
    {
        guard earlier.fingerprint == fingerprint else {
            throw ServiceError.invalid(field: "Idempotency-Key", detail: "was used for another application; use a new key for a new one")
        }
        return Created(value: try await application(earlier.application.code, for: request), replayed: true)
    }

    /// One of the citizen's own applications. Another person's is answered as one that does not
    /// exist, so that a code tells nothing of whose it is.
    public func application(_ code: String, for request: AccessRequest) async throws -> ApplicationView {
        let stored = try await ownApplication(code, for: request)
        let procedure = try procedure(stored.application.procedure)
        let own = try await ownRecord(for: request, action: "service-read", procedure: procedure)
        let form = ApplicationForm.decoded(stored.form, for: procedure, units: units)
        return try await view(stored.application, form: form, procedure: procedure, applicant: own, forApplicant: true)
    }

    /// The application `code` if it is the caller's; another person's is answered as one that does not exist.
    func ownApplication(_ code: String, for request: AccessRequest) async throws -> ApplicationTable.Stored {
        guard ApplicationCode.isWellFormed(code),
            let stored = try await store.read({ db in try ApplicationTable.load(code, in: db) }),
            stored.application.applicant == request.officer.username
        else { throw ServiceError.unknownApplication }
        return stored
    }

    /// The citizen's applications, newest first: codes and states, without register data.
    public func applications(before: Int64?, limit: Int, for request: AccessRequest) async throws -> [ApplicationCase] {
        let applicant = request.officer.username
        let grant = try await gate.grant(request, .ownApplication(applicant), subject: applicant, action: "service-list", fields: ["applications"])
        let list = try await store.read { db in
            try ApplicationTable.codes(of: applicant, before: before, limit: max(1, min(limit, 100)), in: db).compactMap {
                try ApplicationTable.load($0, in: db)?.application
            }
        }
        try await grant.logRead()
        return list
    }

    /// The applicant's answer to a supplement request: a note, the form's asked fields again where
    /// they changed, and the files that replace or add to those sent.
    public func answerSupplement(
        _ code: String, note: String?, form object: [String: any Sendable]?, attachments: [AttachmentUpload] = [], for request: AccessRequest
    ) async throws -> ApplicationView {
        try await answerSupplement(
            code, note: note, fields: try object.map { try JSONSerialization.data(withJSONObject: $0) }, attachments: attachments, for: request)
    }

    /// The same, with the changed form as a JSON object.
    public func answerSupplement(
        _ code: String, note: String?, fields: Data?, attachments: [AttachmentUpload] = [], for request: AccessRequest
    ) async throws -> ApplicationView {
        let stored = try await ownApplication(code, for: request)
        let procedure = try procedure(stored.application.procedure)
        let now = clock.nowMicros()
        let files = try AttachmentRules.check(attachments, for: procedure, requireAll: false, at: now)
        let own = try await ownRecord(for: request, action: "service-supplement", procedure: procedure, fields: try touched(storing: files))
        let today = clock.today()
        var form = ApplicationForm.decoded(stored.form, for: procedure, units: units)
        if let fields {
            form = try ApplicationForm.read(json: fields, for: procedure, units: units, today: today)
            try checkEligibility(procedure, applicant: own.person, form: form, today: today)
        }
        let answered = try workflow(procedure).answerSupplement(
            stored.application, by: request.officer.username, note: note, at: now, on: today)
        let sent = files.map {
            ApplicationEvent(kind: .attachmentSent, step: stored.application.supplement?.step, actor: request.officer.username, at: now, note: $0.kept.code)
        }
        let change = Workflow.Change(application: answered.application, events: answered.events + sent)
        let encoded = fields == nil ? nil : try form.encoded()
        try await self.files.put(try files.map { try box($0.content, of: $0.kept, application: code) })
        try await store.write { db in
            try ApplicationTable.update(change, from: stored.application, form: encoded, in: db)
            for file in files { try AttachmentTable.put(file.kept, of: code, in: db) }
        }
        // The replaced files go once the application names the new ones.
        for file in files { try await self.files.dropReplaced(file.kept.code, of: code, keeping: file.kept.sha256) }
        return try await view(change.application, form: form, procedure: procedure, applicant: own, forApplicant: true)
    }
}

// MARK: The officers' side

extension ServiceDesk {
    /// The open steps of the officer's desks in their jurisdiction, the earliest due first (so the
    /// overdue lead), `limit` at most.
    public func queue(desk: Procedure.Desk? = nil, limit: Int = 50, for request: AccessRequest) async throws -> [QueueItem] {
        let officer = request.officer
        let desks = Procedure.Desk.allCases.filter { $0.roles.contains(officer.role) && (desk == nil || $0 == desk) }
        try await gate.permit(request, .serviceQueue(desk), action: "service-queue")
        guard !desks.isEmpty else { return [] }
        let today = clock.today()
        let scope = ServiceScope(officer.jurisdiction)
        let rows = try await store.read { db in
            try ServiceQueue.open(desks: desks, scope: scope, limit: max(1, min(limit, 200)), in: db)
        }
        return rows.map { item in
            QueueItem(
                code: item.code, procedure: item.procedure, step: item.step, desk: item.desk, wardCode: item.wardCode, status: item.status,
                openedOn: item.openedOn, due: item.due, late: item.due.map { today > $0 } ?? false)
        }
    }

    /// Applications received in `month` (`2026-12`) counted per procedure and ward (or province), in
    /// the officer's jurisdiction.
    public func figures(month: String, procedure: String?, byProvince: Bool, for request: AccessRequest) async throws -> [ServiceFigure] {
        guard month.count == 7, (try? LocalDate(iso: month + "-01")) != nil else {
            throw ServiceError.invalid(field: "month", detail: "is a month, YYYY-MM")
        }
        if let procedure, catalogue.procedure(procedure) == nil { throw ServiceError.unknownProcedure(procedure) }
        try await gate.permit(request, .serviceFigures, action: "service-figures")
        let scope = ServiceScope(request.officer.jurisdiction)
        let today = clock.today()
        return try await store.read { db in
            try ServiceFigures.read(month: month, procedure: procedure, byProvince: byProvince, scope: scope, today: today, in: db)
        }
    }

    /// An application as its officer sees it: with the register's data of its applicant and subject,
    /// read through the gate (each read logged with the purpose 'public-service').
    public func caseFile(_ code: String, for request: AccessRequest) async throws -> ApplicationView {
        let stored = try await load(code)
        let procedure = try procedure(stored.application.procedure)
        let grant = try await officerGrant(stored.application, desk: nil, action: "service-case-read", request: request)
        let applicant = try? await grant.person(try PersonalNumber(stored.application.applicant))
        var subject: VersionedPerson?
        if let number = stored.application.subject.flatMap({ try? PersonalNumber($0) }), grant.covers(number.rawValue) {
            subject = try? await grant.person(number)
        }
        try await grant.logRead()
        let form = ApplicationForm.decoded(stored.form, for: procedure, units: units)
        let (events, attachments) = try await historyAndFiles(of: code)
        return makeView(
            stored.application, form: form, procedure: procedure,
            shown: shown(procedure, applicant: applicant, subject: subject, subjectVisible: true), events: events, attachments: attachments,
            sealing: false)
    }

    /// An officer's decision on an open step of their desk.
    public func decide(_ decision: StepDecision, step: String, of code: String, for request: AccessRequest) async throws -> ApplicationCase {
        try await decided(decision, step: step, of: code, for: request).application
    }

    /// The same, answered with the application as the decision left it (its state, steps, results,
    /// history and files) without the register's data. The officer read that data in the case file
    /// before deciding; reading it again for the answer would log a read nobody looked at.
    public func decideShowingCase(_ decision: StepDecision, step: String, of code: String, for request: AccessRequest) async throws -> ApplicationView {
        let (application, stored, procedure) = try await decided(decision, step: step, of: code, for: request)
        let (events, attachments) = try await historyAndFiles(of: code)
        return makeView(
            application, form: ApplicationForm.decoded(stored.form, for: procedure, units: units), procedure: procedure, shown: [], events: events,
            attachments: attachments, sealing: false)
    }

    private func decided(_ decision: StepDecision, step: String, of code: String, for request: AccessRequest) async throws -> (
        application: ApplicationCase, stored: ApplicationTable.Stored, procedure: Procedure
    ) {
        let stored = try await load(code)
        let procedure = try procedure(stored.application.procedure)
        guard let declared = procedure.steps.first(where: { $0.id == step }) else { throw ServiceError.unknownStep(step) }
        let grant = try await officerGrant(stored.application, desk: declared.desk, action: "service-" + decision.name, request: request)
        let now = clock.nowMicros()
        let today = clock.today()
        let workflow = workflow(procedure)
        let final = try workflow.issuingResults(
            after: try workflow.decide(decision, step: step, of: stored.application, by: request.officer.username, at: now, on: today), at: now, on: today)
        if decision == .approve, let done = try await carryOut(declared, change: final, stored: stored, procedure: procedure, grant: grant, request: request) {
            try await grant.logRead()
            return (done, stored, procedure)
        }
        try await store.write { db in try ApplicationTable.update(final, from: stored.application, in: db) }
        try await grant.logRead()
        return (final.application, stored, procedure)
    }

    func load(_ code: String) async throws -> ApplicationTable.Stored {
        guard ApplicationCode.isWellFormed(code), let stored = try await store.read({ db in try ApplicationTable.load(code, in: db) }) else {
            throw ServiceError.unknownApplication
        }
        return stored
    }

    /// The gate's grant for an officer's work on an application of their jurisdiction, about its
    /// applicant and subject. An application outside the officer's jurisdiction is refused (and logged).
    func officerGrant(_ application: ApplicationCase, desk: Procedure.Desk?, action: String, request: AccessRequest) async throws -> AccessGrant {
        try await gate.grant(
            request, .serviceDesk(desk, gate.area(ofWard: application.wardCode)), subjects: [application.applicant] + [application.subject].compactMap { $0 },
            action: action, fields: ["application", "record"])
    }
}
