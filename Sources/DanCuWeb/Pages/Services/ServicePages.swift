import DanCuAccess
import DanCuCore
import DanCuQR
import DanCuServices
import Foundation
import HTTPTypes
import Hummingbird

/// The public-service pages: the citizen's (the catalogue, a procedure's form, an application) and
/// the officers' (the queue, a case file with its decisions). Vietnamese first, English beside it. A
/// form's problems are shown beside their fields, in Vietnamese.
struct ServicePages: Sendable {
    let renderer: PageRenderer

    struct ProcedureLine {
        let code: String, number: String, vi: String, en: String, level: Int, days: Int, interlinked: Bool
    }

    struct ApplicationLine {
        let code: String, procedure: String, status: Words, submitted: String
    }

    struct CatalogueView {
        let name: String, csrf: String
        let procedures: [ProcedureLine]
        let applications: [ApplicationLine]
        /// Stored, not computed: Mustache reads a view's stored properties only.
        let hasApplications: Bool
    }

    func catalogue(_ procedures: [Procedure], applications: [ApplicationCase], name: String, csrf: String) -> Response {
        let lines = procedures.map {
            ProcedureLine(
                code: $0.code, number: $0.essentialNumber.map(String.init) ?? "", vi: $0.name.vi, en: $0.name.en, level: $0.applicants.eidLevel,
                days: $0.processingDays, interlinked: $0.isInterlinked)
        }
        let mine = applications.map { a in
            ApplicationLine(
                code: a.code, procedure: procedures.first { $0.code == a.procedure }?.name.vi ?? a.procedure, status: ServiceWords.status(a.status),
                submitted: Self.time(a.submittedAt))
        }
        return renderer.page("services", CatalogueView(name: name, csrf: csrf, procedures: lines, applications: mine, hasApplications: !mine.isEmpty))
    }

    struct Option {
        let value: String, label: String, selected: Bool
    }

    /// One asked field of a form, with what was typed and its problem.
    struct FieldView {
        let name: String, vi: String, en: String, required: Bool
        let input: String
        let value: String
        let isText: Bool, isDate: Bool, isSelect: Bool, isPlace: Bool, isCheckbox: Bool
        let options: [Option]
        let ward: String, detail: String
        let error: String?, errorEn: String?
    }

    /// A file input for one of the procedure's papers, with its problem.
    struct FileField {
        let code: String, vi: String, en: String, required: Bool
        /// The input's `accept`, from the catalogue's media types.
        let accept: String
        let limit: String
        let error: String?, errorEn: String?

        static func of(_ procedure: Procedure, problems: [RuleViolation], requiredAsked: Bool) -> [FileField] {
            procedure.attachments.map { a in
                let problem = problems.first { $0.field == "attachments." + a.code }
                return FileField(
                    code: a.code, vi: a.name.vi, en: a.name.en, required: requiredAsked && a.required, accept: a.mediaTypes.joined(separator: ","),
                    limit: a.maxBytes >= 1 << 20 ? "\(a.maxBytes >> 20) MB" : "\(a.maxBytes >> 10) KB", error: problem.map(ServiceWords.fileProblem),
                    errorEn: problem?.detail)
            }
        }
    }

    struct FormView {
        let code: String, number: String, name: Words, body: Words, level: Int, days: Int, fee: String
        let legalBasis: String
        let shown: [Row]
        let fields: [FieldView]
        let attachments: [FileField]
        let hasAttachments: Bool
        let csrf: String, idempotency: String
        let error: String?
    }

    /// The form of `procedure`: the register's data read-only, the asked fields as inputs with `values`
    /// typed and each problem beside its field.
    func form(
        _ procedure: Procedure, shown: [ApplicationView.ShownField], values: [String: String], problems: [RuleViolation], error: String?,
        csrf: String, status: HTTPResponse.Status = .ok
    ) -> Response {
        let fields = procedure.fields.filter { $0.register == nil }.map { f -> FieldView in
            let problem = problems.first { $0.field == "fields." + f.name }
            let value = values[f.name] ?? ""
            let options: [Option] =
                switch f.type {
                case .sex: ["male", "female"].map { Option(value: $0, label: ServiceWords.option($0), selected: value == $0) }
                case .choice: f.options.map { Option(value: $0, label: ServiceWords.option($0), selected: value == $0) }
                default: []
                }
            let input =
                switch f.type {
                case .date: "date"
                case .integer: "number"
                case .email: "email"
                case .phone: "tel"
                default: "text"
                }
            return FieldView(
                name: f.name, vi: f.label.vi, en: f.label.en, required: f.required, input: input, value: value,
                isText: ![.date, .sex, .choice, .place, .boolean].contains(f.type), isDate: f.type == .date, isSelect: !options.isEmpty,
                isPlace: f.type == .place, isCheckbox: f.type == .boolean, options: options, ward: values[f.name + ".wardCode"] ?? "",
                detail: values[f.name + ".detail"] ?? "", error: problem.map(ServiceWords.problem), errorEn: problem?.detail)
        }
        let view = FormView(
            code: procedure.code, number: procedure.essentialNumber.map(String.init) ?? "", name: Words(procedure.name.vi, procedure.name.en),
            body: Words(procedure.responsibleBody.vi, procedure.responsibleBody.en), level: procedure.applicants.eidLevel, days: procedure.processingDays,
            fee: procedure.fee.amount == 0 ? "Miễn phí / Free" : "\(procedure.fee.amount) đồng", legalBasis: procedure.legalBasis.joined(separator: "; "),
            shown: shown.map { Row(vi: $0.label.vi, en: $0.label.en, value: $0.value ?? "—") }, fields: fields,
            attachments: FileField.of(procedure, problems: problems, requiredAsked: true), hasAttachments: !procedure.attachments.isEmpty, csrf: csrf,
            idempotency: Secrets.base64url(Secrets.randomBytes(16)), error: error)
        return renderer.page("service-form", view, status: status)
    }

    struct StepLine {
        let id: String, vi: String, en: String, desk: Words, status: Words, due: String, late: Bool, note: String?
    }

    struct ResultLine {
        let vi: String, en: String, issued: Bool, value: String?
        let document: DocumentBox?
    }

    /// A sealed document as the applicant sees it: its text, and the QR code of its JWS that a verifier
    /// reads offline.
    struct DocumentBox {
        let step: String, id: String, title: String, issuer: String, issuedOn: String, statements: [String]
        /// The QR code as inline SVG markup, made here from the JWS alone.
        let qr: String
        let jws: String

        init?(_ sealed: SealedDocument?, step: String) {
            guard let sealed, let code = try? QRCode(text: sealed.jws, correction: .medium) else { return nil }
            let d = sealed.document
            self.step = step
            id = d.id
            title = d.title
            issuer = d.issuer
            issuedOn = d.issuedOn
            statements = d.statements
            qr = code.svg(title: "Mã QR của " + d.title, pixelsPerModule: 4)
            jws = sealed.jws
        }
    }

    /// A file sent, with where to read it.
    struct FileLine {
        let code: String, vi: String, en: String, fileName: String, mediaType: String, size: String, sha256: String, href: String
    }

    struct ApplicationPage {
        let code: String, name: Words, status: Words, deadline: String, late: Bool
        let steps: [StepLine]
        let results: [ResultLine]
        let shown: [Row]
        let typed: [Row]
        let files: [FileLine]
        let hasFiles: Bool
        let supplement: String?
        /// The supplement answer's form (with the procedure's file inputs), while one is asked for.
        var answer: SupplementForm?
        let csrf: String
    }

    struct SupplementForm {
        let code: String, csrf: String, note: String
        let attachments: [FileField]
        let hasAttachments: Bool
        let error: String?
    }

    /// An application as its applicant reads it: state, deadline, steps, results, what they typed and
    /// sent; while a supplement is asked, the form to answer it (with `problems` of a refused answer).
    func application(
        _ view: ApplicationView, csrf: String, note: String = "", problems: [RuleViolation] = [], error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var page = Self.page(view, csrf: csrf, filesAt: "/me/applications/")
        if view.application.status == .supplementRequested {
            let files = FileField.of(view.procedure, problems: problems, requiredAsked: false)
            page.answer = SupplementForm(
                code: view.application.code, csrf: csrf, note: note, attachments: files, hasAttachments: !files.isEmpty, error: error)
        }
        return renderer.page("application", page, status: status)
    }

    /// `filesAt`: the path under which the reader opens the application's files.
    static func page(_ view: ApplicationView, csrf: String, filesAt: String) -> ApplicationPage {
        let a = view.application
        let late = Set(view.lateSteps)
        let steps = view.procedure.steps.map { step in
            let progress = a.step(step.id)
            return StepLine(
                id: step.id, vi: step.name.vi, en: step.name.en, desk: ServiceWords.desk(step.desk),
                status: ServiceWords.step(progress?.status ?? .waiting), due: progress?.due?.description ?? "", late: late.contains(step.id),
                note: progress?.status == .approved ? nil : progress?.note)
        }
        let typed = view.procedure.fields.compactMap { f -> Row? in
            guard f.register == nil, let value = view.form.values[f.name] else { return nil }
            return Row(vi: f.label.vi, en: f.label.en, value: Self.describe(value))
        }
        let files = view.attachments.map { kept in
            let name = view.procedure.attachments.first { $0.code == kept.code }?.name
            return FileLine(
                code: kept.code, vi: name?.vi ?? kept.code, en: name?.en ?? kept.code, fileName: kept.fileName ?? kept.code, mediaType: kept.mediaType,
                size: size(kept.byteCount), sha256: kept.sha256, href: filesAt + a.code + "/attachments/" + kept.code)
        }
        return ApplicationPage(
            code: a.code, name: Words(view.procedure.name.vi, view.procedure.name.en), status: ServiceWords.status(a.status),
            deadline: a.deadline?.description ?? "", late: view.late, steps: steps,
            results: view.results.map {
                ResultLine(vi: $0.name.vi, en: $0.name.en, issued: $0.issued, value: $0.value, document: DocumentBox($0.document, step: $0.step))
            },
            shown: view.shown.map { Row(vi: $0.label.vi, en: $0.label.en, value: $0.value ?? "—") }, typed: typed, files: files,
            hasFiles: !files.isEmpty, supplement: a.supplement?.reason, answer: nil, csrf: csrf)
    }

    /// A size as a person reads it: `12 KB`, `1.4 MB`.
    static func size(_ bytes: Int) -> String {
        bytes < 1 << 20 ? "\(max(1, (bytes + 1_023) >> 10)) KB" : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }

    static func describe(_ value: ApplicationForm.Value) -> String {
        switch value {
        case .text(let t): ServiceWords.option(t)
        case .date(let d): d.description
        case .integer(let i): String(i)
        case .boolean(let b): b ? "Có" : "Không"
        case .place(let p): [p.detail, p.wardCode].compactMap { $0 }.joined(separator: ", ")
        }
    }

    static func time(_ micros: Int64) -> String { MePages.time(micros) }
}
