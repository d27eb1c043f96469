import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders DanCu's pages from the Mustache templates in `Resources/templates`: every page fills a block
/// of the one layout (`layout.mustache`), which links the one stylesheet (`/assets/dancu.css`). Values
/// are HTML-escaped by Mustache unless a template says otherwise, and none of ours does.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Every template; a missing or malformed one stops the server at start, not at a request.
    init() throws {
        self = try Self.loaded.get()
    }

    /// Loaded once a process: the templates are part of the build, and every router built (each test's
    /// server among them) renders with the same ones.
    private static let loaded = Result { try PageRenderer(loading: ()) }

    private init(loading: Void) throws {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw PageError.missingTemplates
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        for name in Self.required where library.getTemplate(named: name) == nil { throw PageError.missingTemplate(name) }
        self.library = library
    }

    /// The script of `/me` that checks the transparency log's proofs in the browser.
    static func transparencyScript() throws -> Data {
        guard let url = Bundle.module.url(forResource: "transparency", withExtension: "js", subdirectory: "assets") else {
            throw PageError.missingStylesheet
        }
        return try Data(contentsOf: url)
    }

    /// The one stylesheet every page links.
    static func stylesheet() throws -> Data {
        guard let url = Bundle.module.url(forResource: "dancu", withExtension: "css", subdirectory: "assets") else {
            throw PageError.missingStylesheet
        }
        return try Data(contentsOf: url)
    }

    static let required = [
        "layout", "credentials", "rows", "sign-in", "consent", "message", "me-sign-in", "me", "services", "service-form", "application", "desk-sign-in",
        "desk-queue", "desk-case",
    ]

    enum PageError: Error, CustomStringConvertible {
        case missingTemplates
        case missingTemplate(String)
        case missingStylesheet
        var description: String {
            switch self {
            case .missingTemplates: "the page templates are missing from DanCuWeb's resources"
            case .missingTemplate(let name): "the page template \(name).mustache is missing"
            case .missingStylesheet: "the stylesheet assets/dancu.css or the script assets/transparency.js is missing from DanCuWeb's resources"
            }
        }
    }

    /// The page `template` makes of `view`, as an HTML response with the pages' security headers.
    /// `formTarget`: an origin a form on the page may end up at. Browsers apply CSP `form-action` to the
    /// redirects after a submission too, so the consent page must allow the relying party's origin.
    /// `scripts`: the page runs DanCu's own scripts (`/assets/*.js`), and no others.
    func page(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok, formTarget: String? = nil, scripts: Bool = false) -> Response {
        let html = library.render(view, withTemplate: template) ?? ""
        return Response(
            status: status, headers: Self.headers(formTarget: formTarget, scripts: scripts), body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    struct MessageView {
        let title: String, text: String
    }

    /// A page with a heading and one sentence: a refusal, an expiry, a farewell.
    func message(_ title: String, _ text: String, status: HTTPResponse.Status) -> Response {
        page("message", MessageView(title: title, text: text), status: status)
    }

    /// The answer to a page's form that is not one (a field twice, bad encoding).
    var badForm: Response {
        message("Yêu cầu không hợp lệ / Invalid request", "The form is not valid: each field once, URL-encoded.", status: .badRequest)
    }

    /// No scripts but DanCu's own files where a page asks for them; styles from DanCu's own stylesheet
    /// only; forms post back to DanCu (and, on the consent page, on to the relying party); never framed.
    static func headers(formTarget: String?, scripts: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        let script = scripts ? "; script-src 'self'" : ""
        headers[contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:\(script); form-action 'self'\(formTarget.map { " " + $0 } ?? "")"
        headers[frameOptions] = "DENY"
        return headers
    }

    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
}

/// A phrase in Vietnamese with its English beside it.
struct Words: Sendable {
    let vi: String
    let en: String

    init(_ vi: String, _ en: String) {
        self.vi = vi
        self.en = en
    }
}

/// One line of a definition list: the label in both languages, and the value.
struct Row: Sendable {
    let vi: String
    let en: String
    let value: String
}
