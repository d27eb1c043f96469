import DanCuAccess
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Citizen self-service over HTTP: the JSON API with a session token, and the pages with a cookie.
@Suite struct MeRouteTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func signIn(_ h: WebHarness, _ client: any TestClientProtocol) async throws -> String {
        let response = try await client.execute(
            uri: "/me/api/session", method: .post, headers: Self.json,
            body: ByteBuffer(string: #"{"username":"\#(try h.number("a1"))","password":"\#(GateFixture.password)"}"#))
        #expect(response.status == .created && response.headers[.cacheControl] == "no-store")
        return try #require(response.json["token"] as? String)
    }

    @Test(arguments: Backend.all) func theAPIShowsTheHoldersDataAndLogsEachRead(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let token = try await Self.signIn(h, client)
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            let a1 = try h.number("a1")
            let record = try await client.execute(uri: "/me/api/record", method: .get, headers: bearer)
            #expect(record.status == .ok && (record.json["person"] as? [String: Any])?["personalNumber"] as? String == a1)

            // Each read leaves exactly one entry, as the citizen with the purpose self-service.
            for path in ["/me/api/record", "/me/api/account", "/me/api/consents", "/me/api/authentications", "/me/api/access-log"] {
                let before = try await h.fixture.accessLog().count
                let response = try await client.execute(uri: path, method: .get, headers: bearer)
                #expect(response.status == .ok, "\(path): \(response.text)")
                let log = try await h.fixture.accessLog()
                #expect(log.count == before + 1, "\(path)")
                #expect(log.last?.actor == a1 && log.last?.role == "citizen" && log.last?.purpose == "self-service" && log.last?.subject == a1, "\(path)")
            }
            // The relying party's token issuance of the harness is in the holder's access log.
            let access = try await client.execute(uri: "/me/api/access-log?limit=500", method: .get, headers: bearer)
            let actions = (access.json["items"] as? [[String: Any]] ?? []).map { "\($0["actor"] ?? "") \($0["action"] ?? "")" }
            #expect(actions.contains("rp-test oidc-token"))
            // An officer's read shows their unit and the purpose in words, never their username.
            let read = try await client.execute(uri: "/v1/persons/\(try h.number("a1"))", method: .get, headers: h.headers("communeA", purpose: .civilStatus))
            #expect(read.status == .ok)
            let recent = try await client.execute(uri: "/me/api/access-log?limit=5", method: .get, headers: bearer)
            #expect(!recent.text.contains("commune.a"), "\(recent.text)")
            let newest = (recent.json["items"] as? [[String: Any]])?.first
            #expect(newest?["who"] as? String == "Công an Phường Ba Đình" && newest?["purposeText"] as? String == "Hộ tịch", "\(recent.text)")
            #expect(newest?["actionText"] as? String == "Xem hồ sơ" && newest?["fieldsText"] as? String == "toàn bộ hồ sơ")

            let consents = try await client.execute(uri: "/me/api/consents", method: .get, headers: bearer)
            #expect((consents.json["items"] as? [[String: Any]])?.first?["clientId"] as? String == "rp-test")
            let withdrawn = try await client.execute(uri: "/me/api/consents/rp-test", method: .delete, headers: bearer)
            #expect(withdrawn.status == .noContent)
            let again = try await client.execute(uri: "/me/api/consents/rp-test", method: .delete, headers: bearer)
            #expect(again.status == .notFound && again.isProblem)
            let info = try await client.execute(uri: "/oidc/userinfo", method: .get, headers: [.authorization: "Bearer \(h.oidc.accessToken)"])
            #expect(info.status == .unauthorized)  // the relying party's token died with the consent

            let out = try await client.execute(uri: "/me/api/session", method: .delete, headers: bearer)
            #expect(out.status == .noContent)
            let after = try await client.execute(uri: "/me/api/record", method: .get, headers: bearer)
            #expect(after.status == .unauthorized && after.isProblem)
        }
    }

    @Test func badInputAndStrangersGetProblems() async throws {
        try await WebHarness.with { h, client in
            let before = try await h.fixture.accessLog().count
            let wrong = try await client.execute(
                uri: "/me/api/session", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"username":"\#(try h.number("a1"))","password":"wrong"}"#))
            let unknown = try await client.execute(
                uri: "/me/api/session", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"username":"079199000001","password":"wrong"}"#))
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized && wrong.isProblem)
            #expect(wrong.json["detail"] as? String == unknown.json["detail"] as? String)  // no enumeration
            let missing = try await client.execute(
                uri: "/me/api/session", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"username":"x"}"#))
            #expect(missing.status == .badRequest && missing.problemFields == ["password"])
            let noToken = try await client.execute(uri: "/me/api/record", method: .get)
            #expect(noToken.status == .unauthorized && noToken.isProblem)
            let forged = try await client.execute(uri: "/me/api/access-log", method: .get, headers: [.authorization: "Bearer forged"])
            #expect(forged.status == .unauthorized)
            // An officer's token is not a citizen's session.
            let officer = try await client.execute(uri: "/me/api/record", method: .get, headers: h.headers("central"))
            #expect(officer.status == .unauthorized)
            let limit = try await client.execute(
                uri: "/me/api/access-log?limit=0", method: .get,
                headers: [.authorization: "Bearer \(try await Self.signIn(h, client))"])
            #expect(limit.status == .badRequest && limit.problemFields == ["limit"])
            let unlock = try await client.execute(
                uri: "/me/api/unlock", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"username":"\#(try h.number("a1"))","password":"\#(GateFixture.password)","passcode":"1"}"#))
            #expect(unlock.isProblem && unlock.status.code >= 400 && unlock.status.code < 500)
            // Nothing was read but the one sign-in, which is the holder's own act.
            #expect(try await h.fixture.accessLog().dropFirst(before).map(\.action) == ["self-sign-in"])
        }
    }

    @Test(arguments: Backend.all) func thePagesSignInShowTheDataAndActOnlyWithTheFormsToken(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let start = try await client.execute(uri: "/me", method: .get)
            #expect(start.status == .ok && start.text.contains("action=\"/me/login\""))
            let a1 = try h.number("a1")
            let credentials = "username=\(a1)&password=\(Sample.formEncode(GateFixture.password))"
            // Another site's form can post the credentials of an account of its choosing, but not the
            // token of the page the browser was shown: no session (login CSRF).
            let crossSite = try await client.execute(uri: "/me/login", method: .post, headers: Self.form, body: ByteBuffer(string: credentials))
            #expect(crossSite.status == .forbidden)
            #expect(!(crossSite.headers[.setCookie] ?? "").contains("dancu_me="))
            let preCookie = try #require(start.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(preCookie.hasPrefix("dancu_pre="))
            var signingIn = Self.form
            signingIn[.cookie] = preCookie
            let token = try #require(OIDCRouteTests.hidden("csrf", in: start.text))
            let login = try await client.execute(
                uri: "/me/login", method: .post, headers: signingIn,
                body: ByteBuffer(string: "csrf=\(Sample.formEncode(token))&" + credentials))
            #expect(login.status == .seeOther && login.headers[.location] == "/me")
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/me"))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))

            let page = try await client.execute(uri: "/me", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && page.text.contains("Nguyễn Văn An") && page.text.contains(a1) && page.text.contains("Dịch vụ thử"))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            let csrf = try #require(OIDCRouteTests.hidden("csrf", in: page.text))

            var withCookie = Self.form
            withCookie[.cookie] = cookie
            let forged = try await client.execute(uri: "/me/lock", method: .post, headers: withCookie, body: ByteBuffer(string: "csrf=forged"))
            #expect(forged.status == .unauthorized)
            let stillActive = try await client.execute(uri: "/me", method: .get, headers: [.cookie: cookie])
            #expect(stillActive.text.contains("Khóa tài khoản / Lock my eID"))

            let withdraw = try await client.execute(
                uri: "/me/consents/withdraw", method: .post, headers: withCookie,
                body: ByteBuffer(string: "client_id=rp-test&csrf=\(Sample.formEncode(csrf))"))
            #expect(withdraw.status == .seeOther)
            #expect(try await client.execute(uri: "/me", method: .get, headers: [.cookie: cookie]).text.contains("Đã rút lại"))

            let lock = try await client.execute(
                uri: "/me/lock", method: .post, headers: withCookie, body: ByteBuffer(string: "csrf=\(Sample.formEncode(csrf))"))
            #expect(lock.status == .seeOther)
            let afterLock = try await client.execute(uri: "/me", method: .get, headers: [.cookie: cookie])
            #expect(afterLock.text.contains("action=\"/me/login\""))  // signed out everywhere
            let refused = try await client.execute(
                uri: "/me/login", method: .post, headers: signingIn,
                body: ByteBuffer(string: "csrf=\(Sample.formEncode(token))&" + credentials))
            #expect(refused.status == .unauthorized && refused.text.contains("locked"))
        }
    }

    @Test(arguments: Backend.all) func devicesAndOrganisations(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let token = try await Self.signIn(h, client)
            let second = try await Self.signIn(h, client)
            let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            // An authenticator app needs the password again.
            let wrong = try await client.execute(uri: "/me/api/totp", method: .post, headers: bearer, body: ByteBuffer(string: #"{"password":"no"}"#))
            #expect(wrong.status == .unauthorized && wrong.isProblem)
            let app = try await client.execute(
                uri: "/me/api/totp", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"password":"\#(GateFixture.password)"}"#))
            #expect(app.status == .created && (app.json["otpauthURL"] as? String)?.hasPrefix("otpauth://totp/") == true)
            let account = try await client.execute(uri: "/me/api/account", method: .get, headers: bearer)
            #expect((account.json["account"] as? [String: Any])?["hasTOTP"] as? Bool == true)
            #expect((account.json["sessions"] as? [[String: Any]])?.count ?? 0 >= 2)

            // a1 (level 2) registers a company as its legal representative.
            let company = try await client.execute(
                uri: "/me/api/organisations", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"code":"0101234567","email":"lienhe@congty.vn","password":"\#(GateFixture.password)"}"#))
            #expect(company.status == .created && company.json["subject"] as? String == "org:0101234567" && company.json["kind"] as? String == "organisation")
            let again = try await client.execute(
                uri: "/me/api/organisations", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"code":"0101234567","email":"lienhe@congty.vn","password":"\#(GateFixture.password)"}"#))
            #expect(again.status == .conflict)
            let badCode = try await client.execute(
                uri: "/me/api/organisations", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"code":"ABC","email":"lienhe@congty.vn","password":"\#(GateFixture.password)"}"#))
            #expect(badCode.status == .unprocessableContent && badCode.problemFields == ["code"])
            // The organisation signs in to relying parties, not to citizen self-service.
            let orgSelf = try await client.execute(
                uri: "/me/api/session", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"username":"org:0101234567","password":"\#(GateFixture.password)"}"#))
            #expect(orgSelf.status == .unprocessableContent && orgSelf.problemFields == ["username"])

            // Signing out everywhere ends both sessions.
            let everywhere = try await client.execute(uri: "/me/api/sessions", method: .delete, headers: bearer)
            #expect(everywhere.status == .noContent)
            for t in [token, second] {
                let gone = try await client.execute(uri: "/me/api/record", method: .get, headers: [.authorization: "Bearer \(t)"])
                #expect(gone.status == .unauthorized)
            }
        }
    }
}
