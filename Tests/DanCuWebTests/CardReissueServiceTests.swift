import DanCuAccess
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

/// Procedure 2: a citizen who lost their card applies online; the card office's approval is the card
/// application, taken with the face the office already holds, in one transaction with the step. The
/// lost card ends at once and the new one follows the card office's lifecycle.
@Suite struct CardReissueServiceTests {
    static let purpose = HTTPField.Name(Purpose.header)!

    @Test func aLostCardIsReissuedThroughTheCardOffice() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let citizen: HTTPFields = [.authorization: "Bearer \(h.oidc.sessionId)", .contentType: "application/json"]
            func apply(_ key: String) async throws -> String {
                var headers = citizen
                headers[HTTPField.Name("Idempotency-Key")!] = key
                let body = #"{"procedure":"identity-card-reissue","fields":{"reason":"lost"}}"#
                let submitted = try await client.execute(uri: "/me/api/applications", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(submitted.status == .created, "\(submitted.text)")
                return try #require(submitted.json["code"] as? String)
            }
            let code = try await apply("lost-1")
            let approve = ByteBuffer(string: #"{"decision":"approve"}"#)
            func decide(_ code: String, as officer: String) async throws -> TestResponse {
                let token = try await h.services.accounts.login(username: officer, password: GateFixture.password).token
                return try await client.execute(
                    uri: "/v1/applications/\(code)/steps/issue/decision", method: .post,
                    headers: [.authorization: "Bearer \(token)", Self.purpose: "public-service", .contentType: "application/json"], body: approve)
            }
            func cards() async throws -> [[String: Any]] {
                let listed = try await client.execute(uri: "/v1/persons/\(a1)/cards", method: .get, headers: h.headers("central", purpose: .identityCard))
                return listed.json["items"] as? [[String: Any]] ?? []
            }
            let before = try await cards()
            #expect(before.count == 1 && before.first?["status"] as? String == "active", "\(before)")

            // A commune officer does not act at the card office's desk: refused, nothing changes.
            let refused = try await decide(code, as: "commune.a")
            #expect(refused.status == .forbidden && refused.isProblem, "\(refused.text)")
            #expect(try await cards().count == 1)

            let decided = try await decide(code, as: "province.01")
            #expect(decided.status == .ok && decided.json["status"] as? String == "result-issued", "\(decided.text)")
            let after = try await cards()
            let old = after.first { $0["cardId"] as? String == before.first?["cardId"] as? String }
            let new = after.first { $0["cardId"] as? String != before.first?["cardId"] as? String }
            #expect(old?["status"] as? String == "lost", "the lost card ends at once: \(after)")
            #expect(new?["status"] as? String == "applied" && new?["kind"] as? String == "reissue", "\(after)")
            let newId = try #require(new?["cardId"] as? String)

            let seen = try await client.execute(uri: "/me/api/applications/\(code)", method: .get, headers: citizen)
            let line = (seen.json["results"] as? [[String: Any]])?.first?["value"] as? String ?? ""
            #expect(line.contains(newId) && line.contains("báo mất"), "\(seen.text)")
            let log = try await h.fixture.accessLog()
            #expect(
                log.contains { $0.action == "card-apply" && $0.subject == a1 && $0.purpose == "identity-card" && $0.decision == "allowed" },
                "\(log.filter { $0.action.hasPrefix("card") })")

            // With the new card's application still open, a second one is refused and its step stays open.
            let second = try await apply("lost-2")
            let conflict = try await decide(second, as: "province.01")
            #expect(conflict.status == .conflict && conflict.isProblem, "\(conflict.text)")
            let secondSeen = try await client.execute(uri: "/me/api/applications/\(second)", method: .get, headers: citizen)
            #expect((secondSeen.json["steps"] as? [[String: Any]])?.first?["status"] as? String == "open", "\(secondSeen.text)")
            #expect(try await cards().count == 2)
        }
    }
}
