import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mustache
import Testing

@testable import DanCuWeb

/// Every page is a template filling the one layout, which links the one stylesheet; values are
/// escaped by the templates; the CSP allows that stylesheet and nothing inline.
@Suite struct PageTests {
    static let renderer = Result { try PageRenderer() }

    @Test func everyPageFillsTheOneLayoutAndLinksTheOneStylesheet() async throws {
        try await WebHarness.with { _, client in
            for uri in ["/me", "/oidc/logout"] {
                let page = try await client.execute(uri: uri, method: .get)
                #expect(page.text.contains(#"<link rel="stylesheet" href="/assets/dancu.css">"#), "\(uri)")
                #expect(page.text.contains(#"<html lang="vi">"#) && page.text.contains(#"<header class="site">"#), "\(uri)")
                #expect(!page.text.contains("style=") && !page.text.contains("<style") && !page.text.contains("<script"), "\(uri)")
                let csp = page.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(csp.contains("style-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("default-src 'none'"), "\(uri): \(csp)")
            }
            let css = try await client.execute(uri: "/assets/dancu.css", method: .get)
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8" && css.text.contains("body.wide main"))
        }
    }

    @Test func whatAPageShowsIsEscaped() throws {
        let renderer = try Self.renderer.get()
        let view = SignInPages.SignInView(
            clientName: #"<script>alert("x")</script> & Co'"#, clientId: "rp-x", requestURI: #"urn:x"><b>"#,
            csrf: "t\"", error: "<img src=x>")
        let html = try #require(renderer.library.render(view, withTemplate: "sign-in"))
        #expect(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;"))
        #expect(html.contains(#"value="urn:x&quot;&gt;&lt;b&gt;""#) && html.contains(#"value="t&quot;""#))
        #expect(html.contains("&lt;img src=x&gt;"))
    }

    @Test func everyTemplateParsesAndTheRendererRefusesToStartWithoutOne() throws {
        let renderer = try Self.renderer.get()
        for name in PageRenderer.required { #expect(renderer.library.getTemplate(named: name) != nil, "\(name)") }
        #expect(try PageRenderer.stylesheet().count > 500)
    }
}
