import DanCuAccess
import HTTPTypes
import Hummingbird

/// Login CSRF: a sign-in form carries a token that must equal a cookie set with the page (double
/// submit). Another site can make a browser post to `/me/login`, but cannot read or set the cookie, so
/// it cannot sign the victim into an account of its own choosing (OWASP CSRF cheat sheet, login forms).
enum LoginCSRF {
    static let cookieName = "dancu_pre"
    static let field = "csrf"

    /// A fresh token, and the `Set-Cookie` value that goes with it.
    static func issue(secure: Bool) -> (token: String, cookie: String) {
        let token = Secrets.base64url(Secrets.randomBytes(32))
        return (token, "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=3600\(secure ? "; Secure" : "")")
    }

    /// A sign-in page with a fresh token in its forms and cookie.
    static func page(secure: Bool, _ render: (String) -> Response) -> Response {
        let (token, cookie) = issue(secure: secure)
        var response = render(token)
        response.headers.append(HTTPField(name: .setCookie, value: cookie))
        return response
    }

    /// Whether the form's token is the cookie's.
    static func passes(_ request: Request, form: [String: String]) -> Bool {
        guard let cookie = OIDCRoutes.cookie(request, cookieName), let sent = form[field], !cookie.isEmpty else { return false }
        return Secrets.constantTimeEqual(Array(cookie.utf8), Array(sent.utf8))
    }

    static let expired = "Trang đăng nhập đã hết hạn; hãy thử lại. / The sign-in page expired: try again."
}
