import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

/// The review queue's page: a province officer sees the pair side by side with its evidence, is told
/// beside the field what is missing, and merges; another province's officer sees nothing of it, and a
/// commune officer is refused.
@Suite struct DuplicatePageTests {
    static func form(_ cookie: String) -> HTTPFields { [.contentType: "application/x-www-form-urlencoded", .cookie: cookie] }

    @Test func aProvinceOfficerDecidesAPairOnThePage() async throws {
        try await WebHarness.with { h, client in
            let a3 = try h.number("a3")
            let a4 = try h.number("a4")
            let token = try #require(h.tokens["province01"])
            let cookie = "dancu_desk=\(token)"
            let page = try await client.execute(uri: "/desk/duplicates", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && page.text.contains("Hoàng Văn Giang") && page.text.contains("Vũ Văn Hải"), "\(page.text)")
            #expect(page.text.contains("cùng ngày sinh") && page.text.contains("97.0 %"), "the evidence in words, and the probability")

            let csrf = DeskPageRoutes.csrf(token)
            let pair = "personA=\(a3)&personB=\(a4)"
            let noDecision = try await client.execute(
                uri: "/desk/duplicates", method: .post, headers: Self.form(cookie), body: ByteBuffer(string: "csrf=\(csrf)&\(pair)&reason=x"))
            #expect(noDecision.status == .badRequest && noDecision.text.contains(#"id="e-decision-\#(a3)-\#(a4)">Chọn một quyết định"#), "\(noDecision.text)")
            let noReason = try await client.execute(
                uri: "/desk/duplicates", method: .post, headers: Self.form(cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&\(pair)&decision=keep-first&reason=+"))
            #expect(noReason.status == .badRequest && noReason.text.contains(#"id="e-reason-\#(a3)-\#(a4)">Ghi lý do"#), "\(noReason.text)")
            #expect(noReason.text.contains(#"id="keep-first-\#(a3)-\#(a4)" checked"#), "the choice made is kept")

            let other = try await client.execute(uri: "/desk/duplicates", method: .get, headers: [.cookie: "dancu_desk=\(h.tokens["province79"] ?? "")"])
            #expect(other.status == .ok && other.text.contains(#"id="empty-queue""#) && !other.text.contains("Hoàng Văn Giang"))
            let commune = try await client.execute(uri: "/desk/duplicates", method: .get, headers: [.cookie: "dancu_desk=\(h.tokens["communeA"] ?? "")"])
            #expect(commune.status == .forbidden && !commune.text.contains("Hoàng Văn Giang"))

            let merged = try await client.execute(
                uri: "/desk/duplicates", method: .post, headers: Self.form(cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&\(pair)&decision=keep-first&reason=x%C3%A1c+minh+t%E1%BA%A1i+nh%C3%A0"))
            #expect(merged.status == .seeOther && merged.headers[.location] == "/desk/duplicates?decided=match", "\(merged.text)")
            let after = try await client.execute(uri: "/desk/duplicates?decided=match", method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains(#"id="notice""#) && !after.text.contains(#"id="pair-\#(a3)-\#(a4)""#), "\(after.text)")
            let record = try await h.fixture.register.person(try PersonalNumber(a4)).person
            #expect(record.mergedInto?.rawValue == a3)
        }
    }
}
