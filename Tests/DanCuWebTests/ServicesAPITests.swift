import Crypto
import DanCuAccess
import DanCuCore
import DanCuServices
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

/// Public services over HTTP: a parent applies with their eID session, the civil-status officer of the
/// ward decides in their queue, and each side sees what it may; bad input is a problem naming its field.
@Suite struct ServicesAPITests {
    static let purpose = HTTPField.Name(Purpose.header)!
    static let birth =
        #"{"childName":"Nguyễn Minh Khôi","childSex":"male","childBirthDate":"2026-11-30","placeOfBirth":"Bệnh viện Phụ sản Hà Nội","childEthnicity":"01","parentRole":"father"}"#

    /// A civil-status officer of ward A, signed in.
    static func civilStatusToken(_ h: WebHarness) async throws -> String {
        _ = try await h.services.accounts.add(
            username: "tp.a", displayName: "Tư pháp phường A", role: .civilStatusOfficer, jurisdiction: "ward:\(GateFixture.wardA)",
            password: GateFixture.password)
        return try await h.services.accounts.login(username: "tp.a", password: GateFixture.password).token
    }

    static func citizen(_ h: WebHarness) -> HTTPFields {
        [.authorization: "Bearer \(h.oidc.sessionId)", .contentType: "application/json"]
    }

    @Test func aParentAppliesAndTheCivilStatusOfficerDecidesOverHTTP() async throws {
        try await WebHarness.with { h, client in
            let catalogue = try await client.execute(uri: "/v1/procedures", method: .get)
            #expect(catalogue.status == .ok && (catalogue.json["items"] as? [[String: Any]])?.count == 25)
            let form = try await client.execute(uri: "/me/api/procedures/birth-registration/form", method: .get, headers: Self.citizen(h))
            let shown = form.json["shown"] as? [[String: Any]] ?? []
            #expect(shown.first { $0["name"] as? String == "parentName" }?["value"] as? String == "Nguyễn Văn An", "\(form.text)")

            var headers = Self.citizen(h)
            headers[HTTPField.Name("Idempotency-Key")!] = "birth-1"
            let body = #"{"procedure":"birth-registration","fields":\#(Self.birth)\#(WebHarness.papers())}"#
            let submitted = try await client.execute(uri: "/me/api/applications", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(submitted.status == .created, "\(submitted.text)")
            let code = try #require(submitted.json["code"] as? String)
            #expect(submitted.headers[.location] == "/me/api/applications/\(code)" && submitted.json["status"] as? String == "received")
            let again = try await client.execute(uri: "/me/api/applications", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(again.status == .ok && again.json["code"] as? String == code)

            let token = try await Self.civilStatusToken(h)
            let officer: HTTPFields = [.authorization: "Bearer \(token)", Self.purpose: "public-service", .contentType: "application/json"]
            let queue = try await client.execute(uri: "/v1/service-queue", method: .get, headers: [.authorization: "Bearer \(token)"])
            // With the harness's own birth application, sent with its notice; not the one waiting for a supplement.
            let queued = Set((queue.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? [])
            #expect(queued == [code, h.paperCode], "\(queue.text)")
            let file = try await client.execute(uri: "/v1/applications/\(code)", method: .get, headers: officer)
            let a1 = try h.number("a1")
            #expect((file.json["events"] as? [[String: Any]])?.first?["actor"] as? String == a1, "\(file.text)")
            let logged = try await h.fixture.accessLog().count
            let decided = try await client.execute(
                uri: "/v1/applications/\(code)/steps/birth/decision", method: .post, headers: officer, body: ByteBuffer(string: #"{"decision":"approve"}"#))
            #expect(decided.status == .ok && decided.json["status"] as? String == "result-issued", "\(decided.text)")
            let child = try #require(decided.json["subject"] as? String)
            // The answer is the application as decided, not the register's data read again: the officer
            // read that in the case file, and the log holds the decision's entries only, no second read.
            #expect((decided.json["shown"] as? [Any])?.isEmpty == true && !decided.text.contains("Nguyễn Văn An"), "\(decided.text)")
            let actions = try await h.fixture.accessLog().dropFirst(logged).map(\.action)
            #expect(actions.contains("service-approve") && !actions.contains("service-case-read"), "\(actions)")

            // The parent sees the child's personal number, and who acted is not shown to them.
            let seen = try await client.execute(uri: "/me/api/applications/\(code)", method: .get, headers: Self.citizen(h))
            #expect(seen.json["subject"] as? String == child && seen.json["status"] as? String == "result-issued")
            #expect((seen.json["events"] as? [[String: Any]] ?? []).allSatisfy { $0["actor"] == nil }, "\(seen.text)")
            let mine = try await client.execute(uri: "/me/api/applications", method: .get, headers: Self.citizen(h))
            #expect((mine.json["items"] as? [[String: Any]])?.contains { $0["code"] as? String == code } == true)
            // The child is in the register, born to a1.
            let record = try await client.execute(uri: "/v1/persons/\(child)", method: .get, headers: h.headers("central", purpose: .civilStatus))
            #expect(((record.json["person"] as? [String: Any])?["father"] as? [String: Any])?["personalNumber"] as? String == a1, "\(record.text)")
        }
    }

    @Test func badInputIsAProblemNamingTheFieldAndWritesNothing() async throws {
        try await WebHarness.with { h, client in
            let before = try await h.fixture.count("service_applications")
            func submit(_ body: String) async throws -> TestResponse {
                try await client.execute(uri: "/me/api/applications", method: .post, headers: Self.citizen(h), body: ByteBuffer(string: body))
            }
            let empty = try await submit(#"{"procedure":"birth-registration","fields":{}}"#)
            #expect(empty.status == .unprocessableContent && empty.isProblem && empty.problemFields.contains("fields.childName"), "\(empty.text)")
            let wrong = try await submit(#"{"procedure":"birth-registration","fields":{"childName":"Nguyễn Minh Khôi","childSex":"robot","parentName":"X"}}"#)
            #expect(wrong.problemFields.contains("fields.childSex") && wrong.problemFields.contains("fields.parentName"), "\(wrong.text)")
            let unknown = try await submit(#"{"procedure":"no-such-procedure","fields":{}}"#)
            #expect(unknown.status == .notFound && unknown.isProblem)
            let notObject = try await submit(#"{"procedure":"birth-registration","fields":3}"#)
            #expect(notObject.status == .badRequest && notObject.problemFields == ["fields"], "\(notObject.text)")
            let comma = try await submit(#"{"procedure":"birth-registration","fields":{},}"#)
            #expect(comma.status == .badRequest && comma.isProblem)
            let noSession = try await client.execute(
                uri: "/me/api/applications", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"procedure":"birth-registration","fields":{}}"#))
            #expect(noSession.status == .unauthorized && noSession.isProblem)
            #expect(try await h.fixture.count("service_applications") == before)

            // Another person's application is answered as one that does not exist.
            let foreigner: HTTPFields = [.authorization: "Bearer \(h.foreignerSession)"]
            let other = try await client.execute(uri: "/me/api/applications/\(h.applicationCode)", method: .get, headers: foreigner)
            let a1 = try h.number("a1")
            #expect(other.status == .notFound && other.isProblem && !other.text.contains(a1))
            let badCode = try await client.execute(uri: "/me/api/applications/nonsense", method: .get, headers: Self.citizen(h))
            #expect(badCode.status == .notFound)

            // An officer's decision: a refusal needs its reason; a decision must be one of three.
            let officer = h.headers("central", purpose: .publicService, json: true)
            let path = "/v1/applications/\(h.applicationCode)/steps/declaration/decision"
            let noReason = try await client.execute(uri: path, method: .post, headers: officer, body: ByteBuffer(string: #"{"decision":"refuse"}"#))
            #expect(noReason.status == .badRequest && noReason.problemFields == ["reason"], "\(noReason.text)")
            let maybe = try await client.execute(uri: path, method: .post, headers: officer, body: ByteBuffer(string: #"{"decision":"maybe"}"#))
            #expect(maybe.status == .badRequest && maybe.isProblem, "\(maybe.text)")
            let noStep = try await client.execute(
                uri: "/v1/applications/\(h.applicationCode)/steps/nowhere/decision", method: .post, headers: officer,
                body: ByteBuffer(string: #"{"decision":"approve"}"#))
            #expect(noStep.status == .notFound && noStep.problemFields == ["step"], "\(noStep.text)")
            let file = try await client.execute(
                uri: "/v1/applications/\(h.applicationCode)", method: .get, headers: h.headers("central", purpose: .publicService))
            #expect((file.json["steps"] as? [[String: Any]])?.first?["status"] as? String == "open")
        }
    }

    /// Files over JSON: base64 in the submission, checked by their bytes, read back by the applicant and
    /// the officers of the ward as they were sent; another ward's officer is refused and told nothing.
    @Test func filesTravelAsBase64AndAreReadBackByThoseOfTheCase() async throws {
        try await WebHarness.with { h, client in
            let href = "/me/api/applications/\(h.paperCode)/attachments/birth-notice"
            let mine = try await client.execute(uri: "/me/api/applications/\(h.paperCode)", method: .get, headers: Self.citizen(h))
            let listed = (mine.json["attachments"] as? [[String: Any]])?.first
            #expect(listed?["href"] as? String == href && listed?["bytes"] as? Int == WebHarness.birthNotice.content.count, "\(mine.text)")
            #expect(listed?["sha256"] as? String == SHA256.hash(data: WebHarness.birthNotice.content).map { String(format: "%02x", $0) }.joined())
            let file = try await client.execute(uri: href, method: .get, headers: Self.citizen(h))
            #expect(file.status == .ok && file.headers[.contentType] == "application/pdf")
            #expect(Array(file.body.readableBytesView) == WebHarness.birthNotice.content)

            let officer = h.headers("communeA", purpose: .publicService)
            let read = try await client.execute(uri: "/v1/applications/\(h.paperCode)/attachments/birth-notice", method: .get, headers: officer)
            #expect(read.status == .ok && Array(read.body.readableBytesView) == WebHarness.birthNotice.content)
            let elsewhere = try await client.execute(
                uri: "/v1/applications/\(h.paperCode)/attachments/birth-notice", method: .get, headers: h.headers("communeB", purpose: .publicService))
            #expect(elsewhere.status == .forbidden && elsewhere.isProblem && !elsewhere.text.contains("Nguyễn"), "\(elsewhere.text)")

            // Bad files: named by field, nothing stored.
            let before = try await h.fixture.count("service_applications")
            func submit(_ attachments: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/me/api/applications", method: .post, headers: Self.citizen(h),
                    body: ByteBuffer(string: #"{"procedure":"birth-registration","fields":\#(Self.birth),"attachments":\#(attachments)}"#))
            }
            let notBase64 = try await submit(#"[{"code":"birth-notice","content":"%%%"}]"#)
            #expect(notBase64.status == .badRequest && notBase64.problemFields == ["attachments[0].content"], "\(notBase64.text)")
            let text = Data("xin chào".utf8).base64EncodedString()
            let notPDF = try await submit(#"[{"code":"birth-notice","content":"\#(text)"}]"#)
            #expect(notPDF.status == .unprocessableContent && notPDF.problemFields == ["attachments.birth-notice"], "\(notPDF.text)")
            let pdf = Data(WebHarness.birthNotice.content).base64EncodedString()
            let saidPNG = try await submit(#"[{"code":"birth-notice","mediaType":"image/png","content":"\#(pdf)"}]"#)
            #expect(saidPNG.status == .unprocessableContent && saidPNG.problemFields == ["attachments.birth-notice"], "\(saidPNG.text)")
            let none = try await submit("[]")
            #expect(none.status == .unprocessableContent && none.problemFields == ["attachments.birth-notice"], "\(none.text)")
            // Larger than the procedure takes (5 MB), inside the body's 32 MiB: named; larger than 32 MiB: 413.
            let big = Data(Array("%PDF-".utf8) + [UInt8](repeating: 0x20, count: 6 << 20)).base64EncodedString()
            let tooBig = try await submit(#"[{"code":"birth-notice","content":"\#(big)"}]"#)
            #expect(tooBig.status == .unprocessableContent && tooBig.problemFields == ["attachments.birth-notice"], "\(tooBig.status)")
            let huge = try await submit(#"[{"code":"birth-notice","content":"\#(String(repeating: "A", count: 33 << 20))"}]"#)
            #expect(huge.status == .contentTooLarge && huge.isProblem)
            #expect(try await h.fixture.count("service_applications") == before)
        }
    }

    /// A death is handled where the deceased lived; the applicant is not told where that is, the officer is.
    @Test func theApplicantIsNotToldTheDeceasedsWard() async throws {
        try await WebHarness.with { h, client in
            let b1 = try h.number("b1")
            let body =
                #"{"procedure":"death-registration","fields":{"deceased":"\#(b1)","dateOfDeath":"2026-12-01","placeOfDeath":"Nhà riêng","relationship":"sibling"}\#(WebHarness.papers("death-notice"))}"#
            let submitted = try await client.execute(uri: "/me/api/applications", method: .post, headers: Self.citizen(h), body: ByteBuffer(string: body))
            #expect(submitted.status == .created, "\(submitted.text)")
            #expect(submitted.json["wardCode"] == nil && !submitted.text.contains(GateFixture.wardB), "\(submitted.text)")
            let code = try #require(submitted.json["code"] as? String)
            let file = try await client.execute(uri: "/v1/applications/\(code)", method: .get, headers: h.headers("central", purpose: .publicService))
            #expect(file.json["wardCode"] as? String == GateFixture.wardB, "\(file.text)")
        }
    }
}
