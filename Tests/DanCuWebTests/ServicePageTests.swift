import DanCuServices
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

/// The citizen's public-service pages: the register's data shown and never asked, a form's mistakes
/// beside their fields in Vietnamese with nothing stored, and the application's page after submitting.
@Suite struct ServicePageTests {
    static func cookie(_ h: WebHarness) -> HTTPFields { [.cookie: "dancu_me=\(h.oidc.sessionId)"] }

    static func post(_ h: WebHarness) -> HTTPFields {
        [.cookie: "dancu_me=\(h.oidc.sessionId)", .contentType: "application/x-www-form-urlencoded"]
    }

    @Test func theFormShowsTheRegistersDataReadOnlyAndAsksOnlyTheRest() async throws {
        try await WebHarness.with { h, client in
            let page = try await client.execute(uri: "/me/services/birth-residence-health-insurance", method: .get, headers: Self.cookie(h))
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
            let a1 = try h.number("a1")
            // The parent's name and number are shown as text, not as inputs the citizen could change.
            #expect(page.text.contains(#"<dd class="readonly">Nguyễn Văn An</dd>"#) && page.text.contains(#"<dd class="readonly">\#(a1)</dd>"#))
            #expect(!page.text.contains(#"name="parentName""#) && !page.text.contains(#"name="parentNumber""#))
            #expect(page.text.contains(#"name="childName""#) && page.text.contains(#"<select id="f-parentRole" name="parentRole""#))
            let catalogue = try await client.execute(uri: "/me/services", method: .get, headers: Self.cookie(h))
            #expect(catalogue.text.contains("/me/services/birth-residence-health-insurance") && catalogue.text.contains(h.applicationCode))
            let anonymous = try await client.execute(uri: "/me/services", method: .get)
            #expect(anonymous.status == .ok && anonymous.text.contains(#"action="/me/login""#) && !anonymous.text.contains(h.applicationCode))
            let unknown = try await client.execute(uri: "/me/services/no-such-thing", method: .get, headers: Self.cookie(h))
            #expect(unknown.status == .notFound && unknown.text.contains("Không có thủ tục này"))
        }
    }

    @Test func mistakesAreShownBesideTheirFieldsAndNothingIsStored() async throws {
        try await WebHarness.with { h, client in
            let csrf = "csrf=" + Sample.formEncode(h.oidc.csrf)
            let before = try await h.fixture.count("service_applications")
            let body = "\(csrf)&idempotency=k1&childName=&childSex=male&childBirthDate=2030-01-01&placeOfBirth=Nh%C3%A0&childEthnicity=01&parentRole=father"
            let page = try await client.execute(
                uri: "/me/services/birth-residence-health-insurance", method: .post, headers: Self.post(h), body: ByteBuffer(string: body))
            #expect(page.status == .unprocessableContent, "\(page.text)")
            #expect(page.text.contains(#"<p class="error" id="e-childName">Vui lòng điền mục này."#), "\(page.text)")
            #expect(page.text.contains(#"<p class="error" id="e-attachment-birth-notice">Vui lòng đính kèm giấy tờ này."#), "\(page.text)")
            #expect(page.text.contains(#"value="Nhà""#), "what was typed stays in the form")
            #expect(try await h.fixture.count("service_applications") == before)
            // A stale or missing CSRF token: the sign-in page, nothing done.
            let forged = try await client.execute(
                uri: "/me/services/tax-registration", method: .post, headers: Self.post(h), body: ByteBuffer(string: "csrf=x&kind=first"))
            let afterForged = try await h.fixture.count("service_applications")
            #expect(forged.text.contains(#"action="/me/login""#) && afterForged == before)

            // With the birth notice: multipart, as a browser sends a form with a file.
            let good = WebHarness.multipart(
                [
                    ("csrf", h.oidc.csrf), ("idempotency", "k2"), ("childName", "Nguyễn Minh Khôi"), ("childSex", "male"),
                    ("childBirthDate", "2026-11-30"), ("placeOfBirth", "Nhà"), ("childEthnicity", "01"), ("parentRole", "father"),
                ], files: [("attachment.birth-notice", "giấy chứng sinh.pdf", WebHarness.birthNotice.content)])
            let multipart: HTTPFields = [.cookie: "dancu_me=\(h.oidc.sessionId)", .contentType: good.type]
            let submitted = try await client.execute(
                uri: "/me/services/birth-residence-health-insurance", method: .post, headers: multipart, body: good.body)
            #expect(submitted.status == .seeOther, "\(submitted.text)")
            let location = try #require(submitted.headers[.location])
            let again = try await client.execute(
                uri: "/me/services/birth-residence-health-insurance", method: .post, headers: multipart, body: good.body)
            #expect(again.headers[.location] == location, "the same form sent twice is one application")
            #expect(try await h.fixture.count("service_applications") == before + 1)
            let application = try await client.execute(uri: location, method: .get, headers: Self.cookie(h))
            #expect(application.status == .ok && application.text.contains("Đã tiếp nhận") && application.text.contains("Thẻ bảo hiểm y tế của trẻ"))
            #expect(application.text.contains("Nguyễn Minh Khôi"))
            #expect(application.text.contains(#"<tr id="file-birth-notice">"#) && application.text.contains("giấy chứng sinh.pdf"))
        }
    }

    /// A file that is not what the catalogue takes is told beside its input; the applicant reads the
    /// files sent back (never sniffed, never framed), and answers a supplement with a new file.
    @Test func filesAreCheckedShownAndReplacedOnThePages() async throws {
        try await WebHarness.with { h, client in
            let before = try await h.fixture.count("service_applications")
            let wrong = WebHarness.multipart(
                [
                    ("csrf", h.oidc.csrf), ("childName", "Nguyễn Minh Khôi"), ("childSex", "male"), ("childBirthDate", "2026-11-30"),
                    ("placeOfBirth", "Nhà"), ("childEthnicity", "01"), ("parentRole", "father"),
                ], files: [("attachment.birth-notice", "giay.pdf", Array("<html>không phải PDF</html>".utf8))])
            let refused = try await client.execute(
                uri: "/me/services/birth-registration", method: .post, headers: [.cookie: "dancu_me=\(h.oidc.sessionId)", .contentType: wrong.type],
                body: wrong.body)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"<p class="error" id="e-attachment-birth-notice">Chỉ nhận tệp PDF, JPEG hoặc PNG."#), "\(refused.text)")
            #expect(try await h.fixture.count("service_applications") == before)
            #expect(try await h.fixture.count("service_attachments") == 3)
            // A part whose boundary never closes: a bad form, nothing stored.
            let broken = try await client.execute(
                uri: "/me/services/birth-registration", method: .post,
                headers: [.cookie: "dancu_me=\(h.oidc.sessionId)", .contentType: "multipart/form-data; boundary=x"],
                body: ByteBuffer(string: "--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc"))
            #expect(broken.status == .badRequest || broken.text.contains(#"action="/me/login""#), "\(broken.status)")
            #expect(try await h.fixture.count("service_applications") == before)

            // The file sent, read back as it was, as a download.
            let file = try await client.execute(uri: "/me/applications/\(h.paperCode)/attachments/birth-notice", method: .get, headers: Self.cookie(h))
            #expect(file.status == .ok && Array(file.body.readableBytesView) == WebHarness.birthNotice.content)
            #expect(file.headers[.contentType] == "application/pdf" && file.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(file.headers[.contentDisposition]?.hasPrefix("attachment; filename=") == true)
            let missing = try await client.execute(uri: "/me/applications/\(h.paperCode)/attachments/portrait", method: .get, headers: Self.cookie(h))
            #expect(missing.status == .notFound)

            // The supplement asked for: the answer's form, with a new file.
            let asked = try await client.execute(uri: "/me/applications/\(h.pageSupplementCode)", method: .get, headers: Self.cookie(h))
            #expect(asked.text.contains(#"id="supplement-form""#) && asked.text.contains(#"name="attachment.birth-notice""#))
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 32)
            let answer = WebHarness.multipart([("csrf", h.oidc.csrf), ("note", "Ảnh chụp rõ hơn")], files: [("attachment.birth-notice", "chup-lai.png", png)])
            let answered = try await client.execute(
                uri: "/me/applications/\(h.pageSupplementCode)/supplement", method: .post,
                headers: [.cookie: "dancu_me=\(h.oidc.sessionId)", .contentType: answer.type], body: answer.body)
            #expect(answered.status == .seeOther, "\(answered.text)")
            let after = try await client.execute(uri: "/me/applications/\(h.pageSupplementCode)", method: .get, headers: Self.cookie(h))
            #expect(after.text.contains("chup-lai.png") && !after.text.contains(#"id="supplement-form""#) && after.text.contains("Đã tiếp nhận"))
            let replaced = try await client.execute(
                uri: "/me/applications/\(h.pageSupplementCode)/attachments/birth-notice", method: .get, headers: Self.cookie(h))
            #expect(Array(replaced.body.readableBytesView) == png && replaced.headers[.contentType] == "image/png")
        }
    }
}

/// The officers' desk pages: sign in, the queue, a case file, a decision; a refusal without its reason
/// comes back beside the reason field, and an officer of another ward cannot open the case.
@Suite struct DeskPageTests {
    static func form(_ cookie: String) -> HTTPFields { [.contentType: "application/x-www-form-urlencoded", .cookie: cookie] }

    @Test func anOfficerSignsInDecidesInTheQueueAndIsToldWhatIsMissing() async throws {
        try await WebHarness.with { h, client in
            let pre = "dancu_pre=\(Sample.loginCSRF)"
            let wrong = "csrf=\(Sample.loginCSRF)&username=communeA&password=wrong"
            let refused = try await client.execute(uri: "/desk/login", method: .post, headers: Self.form(pre), body: ByteBuffer(string: wrong))
            #expect(refused.status == .unauthorized && refused.text.contains("Không đăng nhập được"))
            let body = "csrf=\(Sample.loginCSRF)&username=commune.a&password=\(Sample.formEncode(GateFixture.password))"
            let signedIn = try await client.execute(uri: "/desk/login", method: .post, headers: Self.form(pre), body: ByteBuffer(string: body))
            #expect(signedIn.status == .seeOther, "\(signedIn.text)")
            let cookie = try #require(signedIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(signedIn.headers[.setCookie]?.contains("HttpOnly; SameSite=Strict") == true)
            let token = String(cookie.dropFirst("dancu_desk=".count))

            let queue = try await client.execute(uri: "/desk", method: .get, headers: [.cookie: cookie])
            #expect(queue.text.contains(#"id="open-\#(h.deskApplicationCode)""#), "\(queue.text)")
            let path = "/desk/applications/\(h.deskApplicationCode)"
            let file = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
            #expect(file.status == .ok && file.text.contains("Nguyễn Văn An") && file.text.contains(#"id="approve-declaration""#), "\(file.text)")

            let csrf = DeskPageRoutes.csrf(token)
            let noReason = try await client.execute(
                uri: path + "/steps/declaration", method: .post, headers: Self.form(cookie), body: ByteBuffer(string: "csrf=\(csrf)&decision=refuse&reason="))
            #expect(noReason.status == .badRequest && noReason.text.contains(#"id="e-reason-declaration">Vui lòng ghi lý do"#), "\(noReason.text)")
            let forged = try await client.execute(
                uri: path + "/steps/declaration", method: .post, headers: Self.form(cookie), body: ByteBuffer(string: "csrf=x&decision=approve"))
            #expect(forged.text.contains(#"action="/desk/login""#))
            let approved = try await client.execute(
                uri: path + "/steps/declaration", method: .post, headers: Self.form(cookie), body: ByteBuffer(string: "csrf=\(csrf)&decision=approve"))
            #expect(approved.status == .seeOther, "\(approved.text)")
            let after = try await client.execute(uri: try #require(approved.headers[.location]), method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains("Đã trả kết quả") && !after.text.contains(#"id="approve-declaration""#), "\(after.text)")

            // Ward B's officer: the application is not of their ward.
            let other = "dancu_desk=\(h.tokens["communeB"] ?? "")"
            let outside = try await client.execute(uri: path, method: .get, headers: [.cookie: other])
            #expect(outside.status == .forbidden && !outside.text.contains("Nguyễn Văn An"), "\(outside.text)")
        }
    }
}
