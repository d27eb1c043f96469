import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuServices
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Public services over JSON: the catalogue for anyone; applications for the citizen signed in with
/// eID (`/me/api/applications`, purpose `public-service`); the desks' queues, case files and decisions
/// for officers (`/v1/service-queue`, `/v1/applications`).
struct ServicesController: Sendable {
    let desk: ServiceDesk
    /// Nil where the installation has no eID: the citizen's routes answer 503.
    let selfService: CitizenSelfService?
    let eid: EIDService?

    // MARK: The catalogue

    func listProcedures(_ input: Operations.ListProcedures.Input) async throws -> Operations.ListProcedures.Output {
        .ok(.init(body: .json(.init(items: desk.catalogue.procedures.map(Self.summary)))))
    }

    func getProcedure(_ input: Operations.GetProcedure.Input) async throws -> Operations.GetProcedure.Output {
        guard let procedure = desk.catalogue.procedure(input.path.code) else { throw ServiceError.unknownProcedure(input.path.code) }
        return .ok(.init(body: .json(Self.procedure(procedure))))
    }

    // MARK: The citizen's side

    /// The signed-in citizen as the services' requests name them, and the level of their eID account.
    func citizen() async throws -> (request: AccessRequest, level: Int) {
        guard let selfService, let eid else { throw CardError.unavailable("this installation has no card keys, so no eID to apply with") }
        let operation = try OperationContext.required()
        guard let token = OfficerAuthMiddleware.bearer(operation.head.headerFields) else {
            throw AccessError.unauthenticated("sign in first: POST /me/api/session, then Authorization: Bearer TOKEN")
        }
        guard let session = try await selfService.session(token) else { throw AccessError.unauthenticated("the session has ended: sign in again") }
        return try await Self.citizen(session, eid: eid, requestId: operation.requestId)
    }

    /// The citizen of an eID session as the desk names them (purpose 'public-service'), and their
    /// account's level: for the JSON API and the pages alike.
    static func citizen(_ session: BrowserSession, eid: EIDService, requestId: String) async throws -> (request: AccessRequest, level: Int) {
        let level = try await eid.account(session.account).level?.rawValue ?? 0
        let officer = Officer(username: session.account, displayName: session.account, role: .citizen, jurisdiction: .nation)
        return (AccessRequest(officer: officer, purpose: .publicService, requestId: requestId), level)
    }

    func myProcedureForm(_ input: Operations.MyProcedureForm.Input) async throws -> Operations.MyProcedureForm.Output {
        let (request, _) = try await citizen()
        let prefill = try await desk.prefill(input.path.code, for: request)
        return .ok(.init(body: .json(.init(procedure: prefill.procedure.code, shown: prefill.shown.map(Self.shown)))))
    }

    func submitApplication(_ input: Operations.SubmitApplication.Input) async throws -> Operations.SubmitApplication.Output {
        let (request, level) = try await citizen()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let fields = try JSONEncoder().encode(body.fields.additionalProperties)
        let created = try await desk.submit(
            body.procedure, fields: fields, attachments: try Self.uploads(body.attachments), eidLevel: level, idempotencyKey: input.headers.idempotencyKey,
            for: request)
        let location = "/me/api/applications/" + created.value.application.code
        let application = try Self.application(created.value, forOfficer: false)
        return created.replayed
            ? .ok(.init(headers: .init(location: location), body: .json(application)))
            : .created(.init(headers: .init(location: location), body: .json(application)))
    }

    func myApplications(_ input: Operations.MyApplications.Input) async throws -> Operations.MyApplications.Output {
        let (request, _) = try await citizen()
        let before = try input.query.cursor.map { text -> Int64 in
            guard let n = Int64(text), n > 0 else { throw Problem.badField("cursor", "use the nextCursor of the previous page") }
            return n
        }
        let limit = input.query.limit ?? 20
        let list = try await desk.applications(before: before, limit: limit, for: request)
        let next = list.count == limit ? list.last.map { String($0.submittedAt) } : nil
        let items: [Components.Schemas.ApplicationSummary] = list.map {
            .init(code: $0.code, procedure: $0.procedure, status: $0.status.rawValue, submittedAt: Self.date($0.submittedAt), deadline: $0.deadline)
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: next))))
    }

    func myApplication(_ input: Operations.MyApplication.Input) async throws -> Operations.MyApplication.Output {
        let (request, _) = try await citizen()
        return .ok(.init(body: .json(try Self.application(try await desk.application(input.path.code, for: request), forOfficer: false))))
    }

    func answerSupplement(_ input: Operations.AnswerSupplement.Input) async throws -> Operations.AnswerSupplement.Output {
        let (request, _) = try await citizen()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let fields = try body.fields.map { try JSONEncoder().encode($0.additionalProperties) }
        let view = try await desk.answerSupplement(
            input.path.code, note: body.note, fields: fields, attachments: try Self.uploads(body.attachments), for: request)
        return .ok(.init(body: .json(try Self.application(view, forOfficer: false))))
    }

    func myApplicationAttachment(_ input: Operations.MyApplicationAttachment.Input) async throws -> Operations.MyApplicationAttachment.Output {
        let (request, _) = try await citizen()
        let file = try await desk.attachment(input.path.attachment, of: input.path.code, for: request)
        return .ok(.init(headers: .init(contentDisposition: AttachmentDownload.disposition(file.attachment)), body: try Self.body(file)))
    }

    /// The API's files as the desk takes them.
    static func uploads(_ sent: [Components.Schemas.AttachmentUpload]?) throws -> [AttachmentUpload] {
        try (sent ?? []).enumerated().map { i, file in
            guard let content = Data(base64Encoded: file.content) else {
                throw Problem.badField("attachments[\(i)].content", "is the file in base64 (RFC 4648 §4)", rule: "base64")
            }
            return AttachmentUpload(code: file.code, content: Array(content), declaredMediaType: file.mediaType, fileName: file.fileName)
        }
    }

    static func body<Body: AttachmentBody>(_ file: AttachmentContent) throws -> Body {
        let body = HTTPBody(file.content)
        switch file.attachment.mediaType {
        case "application/pdf": return .pdf(body)
        case "image/jpeg": return .jpeg(body)
        case "image/png": return .png(body)
        default: throw ServiceError.unknownAttachment(file.attachment.code)
        }
    }

    // MARK: The officers' side

    func applicationAttachment(_ input: Operations.ApplicationAttachment.Input) async throws -> Operations.ApplicationAttachment.Output {
        let access = try OperationContext.required().accessRequest()
        let file = try await desk.caseAttachment(input.path.attachment, of: input.path.code, for: access)
        return .ok(.init(headers: .init(contentDisposition: AttachmentDownload.disposition(file.attachment)), body: try Self.body(file)))
    }

    func serviceQueue(_ input: Operations.ServiceQueue.Input) async throws -> Operations.ServiceQueue.Output {
        let access = try OperationContext.required().accessRequest()
        let desk = input.query.desk.flatMap { Procedure.Desk(rawValue: $0.rawValue) }
        let items = try await self.desk.queue(desk: desk, limit: input.query.limit ?? 50, for: access)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: items.map {
                            .init(
                                code: $0.code, procedure: $0.procedure, step: $0.step, desk: $0.desk.rawValue, wardCode: $0.wardCode, openedOn: $0.openedOn,
                                due: $0.due, late: $0.late)
                        }))))
    }

    func serviceFigures(_ input: Operations.ServiceFigures.Input) async throws -> Operations.ServiceFigures.Output {
        let access = try OperationContext.required().accessRequest()
        let figures = try await desk.figures(
            month: input.query.month, procedure: input.query.procedure, byProvince: input.query.by == .province, for: access)
        let items: [Components.Schemas.ServiceFigure] = figures.map {
            .init(
                procedure: $0.procedure, area: $0.area, month: $0.month, received: $0.received, done: $0.done, onTime: $0.onTime, late: $0.late,
                averageDays: $0.averageDays)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func applicationCaseFile(_ input: Operations.ApplicationCaseFile.Input) async throws -> Operations.ApplicationCaseFile.Output {
        let access = try OperationContext.required().accessRequest()
        return .ok(.init(body: .json(try Self.application(try await desk.caseFile(input.path.code, for: access), forOfficer: true))))
    }

    func decideStep(_ input: Operations.DecideStep.Input) async throws -> Operations.DecideStep.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let decision: StepDecision
        switch body.decision {
        case .approve: decision = .approve
        case .refuse: decision = .refuse(reason: body.reason ?? "")
        case .requestSupplement: decision = .requestSupplement(reason: body.reason ?? "")
        }
        let decided = try await desk.decideShowingCase(decision, step: input.path.step, of: input.path.code, for: access)
        return .ok(.init(body: .json(try Self.application(decided, forOfficer: true))))
    }
}

/// The body of a file's answer, of whichever operation serves it.
protocol AttachmentBody {
    static func pdf(_ body: HTTPBody) -> Self
    static func jpeg(_ body: HTTPBody) -> Self
    static func png(_ body: HTTPBody) -> Self
}

extension Operations.MyApplicationAttachment.Output.Ok.Body: AttachmentBody {}
extension Operations.ApplicationAttachment.Output.Ok.Body: AttachmentBody {}
