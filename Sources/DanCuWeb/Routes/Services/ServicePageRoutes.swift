import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuServices
import Foundation
import HTTPTypes
import Hummingbird

/// The citizen's public-service pages under `/me` (the `/me` cookie session and its CSRF token): the
/// catalogue with their applications, a procedure's form (the register's data shown, only the rest
/// asked), and an application with its steps and results. A form with mistakes comes back with each
/// message beside its field, in Vietnamese, and nothing stored.
enum ServicePageRoutes {
    static func add(to router: Router<AppContext>, _ services: Services, pages: ServicePages, me mePages: MePages) {
        guard let me = services.selfService, let eid = services.eid, let desk = services.publicServices else { return }

        /// The signed-in citizen as the desk names them, their eID level and session; nil without a session.
        @Sendable func citizen(_ request: Request, _ context: AppContext) async throws -> (AccessRequest, Int, BrowserSession)? {
            guard let (_, session) = try await MePageRoutes.signedIn(request, me) else { return nil }
            let (access, level) = try await ServicesController.citizen(session, eid: eid, requestId: context.requestId)
            return (access, level, session)
        }
        @Sendable func signIn() -> Response { LoginCSRF.page(secure: false) { mePages.signIn(csrf: $0) } }

        router.get("/me/services") { request, context in
            guard let (access, _, session) = try await citizen(request, context) else { return signIn() }
            let mine = try await desk.applications(before: nil, limit: 50, for: access)
            return pages.catalogue(desk.catalogue.procedures, applications: mine, name: session.account, csrf: session.csrf)
        }

        router.get("/me/services/:code") { request, context in
            guard let (access, _, session) = try await citizen(request, context) else { return signIn() }
            return try await Self.shown(pages) {
                let prefill = try await desk.prefill(context.parameters.get("code") ?? "", for: access)
                return pages.form(prefill.procedure, shown: prefill.shown, values: [:], problems: [], error: nil, csrf: session.csrf)
            }
        }

        router.post("/me/services/:code") { request, context in
            let body: PageFormBody
            do throws(PageFormBody.Failure) { body = try await PageFormBody.read(request, limit: JSONBodyMiddleware.withFiles) } catch {
                return Self.unreadable(pages, error)
            }
            let form = body.fields
            guard let (access, level, session) = try await citizen(request, context), let csrf = form["csrf"],
                Secrets.constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8))
            else { return signIn() }
            let code = context.parameters.get("code") ?? ""
            guard let procedure = desk.catalogue.procedure(code) else { return Self.refusal(pages, .unknownProcedure(code)) }
            do {
                let created = try await desk.submit(
                    code, form: Self.object(form, for: procedure), attachments: Self.uploads(body), eidLevel: level,
                    idempotencyKey: form["idempotency"].flatMap { $0.isEmpty ? nil : $0 },
                    for: access)
                return Response(
                    status: .seeOther, headers: [.location: "/me/applications/\(created.value.application.code)", .cacheControl: "no-store"])
            } catch let error as ServiceError {
                // The form again, its register data read afresh, only when the submission was refused.
                let prefill: Prefill
                do { prefill = try await desk.prefill(code, for: access) } catch let refused as ServiceError { return Self.refusal(pages, refused) }
                let problems: [RuleViolation]
                let message: String?
                switch error {
                case .invalidFields(let list):
                    problems = list
                    message = "Hồ sơ chưa đủ hoặc chưa đúng; xem các mục được đánh dấu. / Some fields need attention."
                case .invalid(let field, let detail):
                    problems = [RuleViolation(field: field, rule: "invalid", detail: detail)]
                    message = "Hồ sơ chưa được nộp: \(detail)"
                default:
                    problems = []
                    message = "Hồ sơ chưa được nộp: \(error.description)"
                }
                return pages.form(
                    prefill.procedure, shown: prefill.shown, values: form, problems: problems, error: message, csrf: session.csrf,
                    status: HTTPResponse.Status(code: error.status))
            }
        }

        router.get("/me/applications/:code") { request, context in
            guard let (access, _, session) = try await citizen(request, context) else { return signIn() }
            return try await Self.shown(pages) {
                pages.application(try await desk.application(context.parameters.get("code") ?? "", for: access), csrf: session.csrf)
            }
        }

        router.get("/me/applications/:code/attachments/:attachment") { request, context in
            guard let (access, _, _) = try await citizen(request, context) else { return signIn() }
            return try await Self.shown(pages) {
                AttachmentDownload.response(
                    try await desk.attachment(
                        context.parameters.get("attachment") ?? "", of: context.parameters.get("code") ?? "", for: access))
            }
        }

        router.post("/me/applications/:code/supplement") { request, context in
            let body: PageFormBody
            do throws(PageFormBody.Failure) { body = try await PageFormBody.read(request, limit: JSONBodyMiddleware.withFiles) } catch {
                return Self.unreadable(pages, error)
            }
            guard let (access, _, session) = try await citizen(request, context), let csrf = body.fields["csrf"],
                Secrets.constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8))
            else { return signIn() }
            let code = context.parameters.get("code") ?? ""
            let note = Handling.trimmedSpaces(body.fields["note"] ?? "")
            return try await Self.shown(pages) {
                do {
                    _ = try await desk.answerSupplement(code, note: note.isEmpty ? nil : note, fields: nil, attachments: Self.uploads(body), for: access)
                    return Response(status: .seeOther, headers: [.location: "/me/applications/\(code)", .cacheControl: "no-store"])
                } catch let error as ServiceError {
                    guard case .invalidFields(let problems) = error else { throw error }
                    // The application again, read afresh only when the answer was refused.
                    return pages.application(
                        try await desk.application(code, for: access), csrf: session.csrf, note: note, problems: problems,
                        error: "Chưa gửi được bổ sung; xem các mục được đánh dấu. / Not sent: see the marked fields.", status: .unprocessableContent)
                }
            }
        }
    }

    /// The files of a page's form, each under `attachment.<code>`, in the order of their codes; the
    /// desk refuses a code its procedure does not take.
    static func uploads(_ body: PageFormBody) -> [AttachmentUpload] {
        body.files.sorted { $0.key < $1.key }.compactMap { name, file in
            guard name.hasPrefix("attachment.") else { return nil }
            return AttachmentUpload(code: String(name.dropFirst("attachment.".count)), content: file.content, fileName: file.fileName)
        }
    }

    /// A form that could not be read: too large (413), or not a form (400).
    static func unreadable(_ pages: ServicePages, _ failure: PageFormBody.Failure) -> Response {
        switch failure {
        case .tooLarge:
            pages.renderer.message(
                "Tệp quá lớn / Too large", "Hồ sơ và giấy tờ kèm theo vượt quá 32 MB. / The form with its files is over 32 MB.", status: .contentTooLarge)
        case .malformed: pages.renderer.badForm
        }
    }

    /// A page, or the desk's refusal as a page with its status (a procedure or application that does
    /// not exist, a procedure not for this citizen).
    static func shown(_ pages: ServicePages, _ work: () async throws -> Response) async throws -> Response {
        do { return try await work() } catch let error as ServiceError { return refusal(pages, error) }
    }

    static func refusal(_ pages: ServicePages, _ error: ServiceError) -> Response {
        let text =
            switch error {
            case .unknownApplication: "Không tìm thấy hồ sơ này. / No such application of yours."
            case .unknownProcedure: "Không có thủ tục này. / No such procedure."
            case .notAllowed(let why): "Thủ tục này không dành cho bạn. / Not for you: \(why)"
            default: error.description
            }
        return pages.renderer.message("Không thực hiện được / Not possible", text, status: HTTPResponse.Status(code: error.status))
    }

    /// The page's form as the JSON object the desk reads: each asked field by its type; an empty field
    /// is left out (the desk names it if it was required).
    static func object(_ form: [String: String], for procedure: Procedure) -> [String: any Sendable] {
        var object: [String: any Sendable] = [:]
        for field in procedure.fields where field.register == nil {
            switch field.type {
            case .place:
                let ward = Handling.trimmedSpaces(form[field.name + ".wardCode"] ?? "")
                guard !ward.isEmpty else { continue }
                object[field.name] = ["wardCode": ward, "detail": form[field.name + ".detail"] ?? ""]
            case .boolean:
                object[field.name] = form[field.name] == "true"
            case .integer:
                guard let text = form[field.name], !text.isEmpty else { continue }
                object[field.name] = Int(text).map { $0 as any Sendable } ?? text
            default:
                guard let text = form[field.name], !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                object[field.name] = text
            }
        }
        return object
    }
}
