import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// The pages a citizen sees while a relying party asks for their identity: sign in, then consent.
/// Vietnamese first, English second; no scripts; every value escaped.
enum SignInPages {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// `wide` for pages with tables (self-service); the sign-in pages stay narrow.
    /// `formTarget`: an origin a form on the page may end up at. Browsers apply CSP `form-action` to the
    /// redirects after a submission too, so the consent page must allow the relying party's origin.
    static func page(_ title: String, _ body: String, status: HTTPResponse.Status = .ok, wide: Bool = false, formTarget: String? = nil) -> Response {
        let html = """
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:\(wide ? "60rem" : "32rem");margin:2rem auto;padding:0 1rem;color:#1b2733}
            table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #d5dde5;padding:.3rem .4rem;text-align:left;vertical-align:top}
            h2{font-size:1.1rem;margin-top:2rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#5a6b7b}dd{margin:0}
            h1{font-size:1.3rem}.en{color:#5a6b7b;font-size:.9rem}label{display:block;margin:.8rem 0 .2rem}
            input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem}button{padding:.6rem 1.2rem;font-size:1rem;margin:1rem .5rem 0 0}
            .error{color:#a40000}li{margin:.3rem 0}input{box-sizing:border-box;max-width:100%}
            dd,td{overflow-wrap:anywhere}
            @media (max-width:40rem){body{margin:1rem auto}dl{grid-template-columns:1fr}dt{margin-top:.5rem}
            table,tbody,tr,td{display:block;width:100%}tr:first-child{display:none}tr{border-bottom:1px solid #d5dde5;padding:.4rem 0}td{border:0;padding:.1rem 0}}</style></head><body>
            \(body)
            </body></html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                                   HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'\(formTarget.map { " " + $0 } ?? "")",
                                                   HTTPField.Name("X-Frame-Options")!: "DENY"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The account's name and password, and the button: the same on every sign-in form. A foreigner
    /// signs in with `rc:` and the residence card's number.
    static let credentialFields = """
        <label for="username">Số định danh cá nhân, hoặc rc: và số thẻ cư trú <span class="en">Personal number, or rc: and the residence card's number</span></label>
        <input type="text" id="username" name="username" autocomplete="username" required>
        <label for="password">Mật khẩu <span class="en">Password</span></label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit">Đăng nhập / Sign in</button>
        """

    static func signIn(client: RelyingParty, requestURI: String, error: String? = nil, csrf: String, status: HTTPResponse.Status? = nil) -> Response {
        page("Đăng nhập DanCu", """
            <h1>Đăng nhập bằng tài khoản định danh điện tử<br><span class="en">Sign in with your eID account</span></h1>
            <p><strong>\(escape(client.name))</strong> yêu cầu xác thực danh tính của bạn.<br><span class="en">asks to verify who you are.</span></p>
            \(error.map { "<p class=\"error\">\(escape($0))</p>" } ?? "")
            <form method="post" action="/oidc/login">
            <input type="hidden" name="client_id" value="\(escape(client.clientId))">
            <input type="hidden" name="request_uri" value="\(escape(requestURI))">
            <input type="hidden" name="csrf" value="\(escape(csrf))">
            \(credentialFields)
            </form>
            """, status: status ?? (error == nil ? .ok : .unauthorized))
    }

    static func consent(client: RelyingParty, request: AuthorizationRequest, requestURI: String, csrf: String) -> Response {
        let items = request.scopes.map { "<li>\(escape($0.vietnamese)) <span class=\"en\">\(escape($0.english))</span></li>" }.joined(separator: "\n")
        return page("Đồng ý chia sẻ", """
            <h1>Chia sẻ thông tin với \(escape(client.name))<br><span class="en">Share with \(escape(client.name))</span></h1>
            <p>Mục đích <span class="en">Purpose</span>: <strong>\(escape(CitizenWords.purpose(request.purpose).vi))</strong> <span class="en">\(escape(CitizenWords.purpose(request.purpose).en))</span><br>
            Căn cứ pháp lý <span class="en">Legal basis</span>: \(escape(client.legalBasis))</p>
            <p>Thông tin sẽ được chia sẻ <span class="en">What will be shared</span>:</p>
            <ul>
            \(items)
            </ul>
            <p>Bạn có thể rút lại sự đồng ý này bất cứ lúc nào tại trang Của tôi (/me).<br><span class="en">You can withdraw this consent at any time.</span></p>
            <form method="post" action="/oidc/consent">
            <input type="hidden" name="client_id" value="\(escape(client.clientId))">
            <input type="hidden" name="request_uri" value="\(escape(requestURI))">
            <input type="hidden" name="csrf" value="\(escape(csrf))">
            <button type="submit" name="decision" value="approve">Đồng ý / Allow</button>
            <button type="submit" name="decision" value="deny">Từ chối / Deny</button>
            </form>
            """, formTarget: origin(request.redirectURI))
    }

    /// scheme://host[:port] of a URI, for CSP; nil when it has none or carries characters CSP cannot hold.
    static func origin(_ uri: String) -> String? {
        guard let components = URLComponents(string: uri), let scheme = components.scheme, let host = components.host, !host.isEmpty,
              (scheme + host).allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }) else { return nil }
        return scheme + "://" + host + (components.port.map { ":\($0)" } ?? "")
    }

    static func message(_ title: String, _ text: String, status: HTTPResponse.Status) -> Response {
        page(title, "<h1>\(escape(title))</h1><p>\(escape(text))</p>", status: status)
    }
}
