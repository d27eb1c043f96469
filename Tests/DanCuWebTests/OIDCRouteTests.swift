import DanCuEID
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Testing

/// "Log in with DanCu" over HTTP, as a browser and a relying party's server would walk it.
@Suite struct OIDCRouteTests {
    typealias S = WebHarness.OIDCState
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func encode(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(Sample.formEncode($0.value))" }.joined(separator: "&"))
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test(arguments: Backend.all) func aRelyingPartyLogsACitizenIn(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            var basic = Self.form
            basic[.authorization] = h.oidc.basic
            let discovery = try await client.execute(uri: "/.well-known/openid-configuration", method: .get)
            #expect(discovery.json["require_pushed_authorization_requests"] as? Bool == true)
            #expect(discovery.json["code_challenge_methods_supported"] as? [String] == ["S256"])

            let par = try await client.execute(uri: "/oidc/par", method: .post, headers: basic, body: Self.encode(S.parameters()))
            #expect(par.status == .created, "\(par.text)")
            let requestURI = try #require(par.json["request_uri"] as? String)

            let page = try await client.execute(uri: "/oidc/authorize?client_id=\(S.clientId)&request_uri=\(Sample.formEncode(requestURI))", method: .get)
            #expect(page.status == .ok && page.text.contains("Dịch vụ thử") && page.headers[.contentType] == "text/html; charset=utf-8")

            let login = [
                "client_id": S.clientId, "request_uri": requestURI, "username": try h.number("a1"),
                "csrf": try #require(Self.hidden("csrf", in: page.text)),
            ]
            var signingIn = Self.form
            signingIn[.cookie] = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let crossSite = try await client.execute(
                uri: "/oidc/login", method: .post, headers: Self.form,
                body: Self.encode(login.merging(["password": GateFixture.password]) { a, _ in a }))
            #expect(crossSite.status == .forbidden && !(crossSite.headers[.setCookie] ?? "").contains("dancu_sid="))
            let wrong = try await client.execute(
                uri: "/oidc/login", method: .post, headers: signingIn,
                body: Self.encode(login.merging(["password": "not the password"]) { a, _ in a }))
            #expect(wrong.status == .unauthorized && !(wrong.headers[.setCookie] ?? "").contains("dancu_sid="))
            let consent = try await client.execute(
                uri: "/oidc/login", method: .post, headers: signingIn,
                body: Self.encode(login.merging(["password": GateFixture.password]) { a, _ in a }))
            #expect(consent.status == .ok && consent.text.contains("Họ, chữ đệm và tên"))
            let cookie = try #require(consent.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(consent.headers[.setCookie]?.contains("HttpOnly") == true)
            let csrf = try #require(Self.hidden("csrf", in: consent.text))

            let noSession = try await client.execute(
                uri: "/oidc/consent", method: .post, headers: Self.form,
                body: Self.encode(["client_id": S.clientId, "request_uri": requestURI, "csrf": csrf, "decision": "approve"]))
            #expect(noSession.status == .forbidden)
            var withCookie = Self.form
            withCookie[.cookie] = cookie
            let approved = try await client.execute(
                uri: "/oidc/consent", method: .post, headers: withCookie,
                body: Self.encode(["client_id": S.clientId, "request_uri": requestURI, "csrf": csrf, "decision": "approve"]))
            #expect(approved.status == .seeOther)
            let location = try #require(approved.headers[.location])
            let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
            #expect(location.hasPrefix(S.redirect + "?"))

            let badVerifier = try await client.execute(
                uri: "/oidc/token", method: .post, headers: basic,
                body: Self.encode(
                    ["grant_type": "authorization_code", "code": code, "redirect_uri": S.redirect, "code_verifier": String(S.verifier.reversed())]))
            #expect(badVerifier.status == .badRequest && badVerifier.json["error"] as? String == "invalid_grant")

            // The failed attempt did not use the code up.
            let tokens = try await client.execute(
                uri: "/oidc/token", method: .post, headers: basic,
                body: Self.encode(
                    ["grant_type": "authorization_code", "code": code, "redirect_uri": S.redirect, "code_verifier": S.verifier]))
            #expect(tokens.status == .ok && tokens.headers[.cacheControl] == "no-store", "\(tokens.text)")
            let idToken = try #require(tokens.json["id_token"] as? String)
            let jwks = try await client.execute(uri: "/oidc/jwks", method: .get)
            let claims = try await JWTKeyCollection().add(jwksJSON: jwks.text).verify(idToken, as: IDTokenClaims.self)
            #expect(claims.acr == "urn:dancu:eid:level2" && claims.nonce == "n" && claims.aud.value == [S.clientId])

            let access = try #require(tokens.json["access_token"] as? String)
            let info = try await client.execute(uri: "/oidc/userinfo", method: .get, headers: [.authorization: "Bearer \(access)"])
            #expect(info.json["name"] as? String == "Nguyễn Văn An" && info.json["sub"] as? String == claims.sub.value)
            let noToken = try await client.execute(uri: "/oidc/userinfo", method: .get)
            #expect(noToken.status == .unauthorized && noToken.headers[.wwwAuthenticate] == #"Bearer error="invalid_token", DPoP algs="ES256""#)

            let refresh = try #require(tokens.json["refresh_token"] as? String)
            let revoked = try await client.execute(uri: "/oidc/revoke", method: .post, headers: basic, body: Self.encode(["token": refresh]))
            #expect(revoked.status == .ok)
            let inactive = try await client.execute(uri: "/oidc/introspect", method: .post, headers: basic, body: Self.encode(["token": access]))
            #expect(inactive.json["active"] as? Bool == false)

            var stranger = Self.form
            stranger[.authorization] = "Basic " + Data("nobody:secret".utf8).base64EncodedString()
            let unknown = try await client.execute(
                uri: "/oidc/token", method: .post, headers: stranger,
                body: Self.encode(["grant_type": "refresh_token", "refresh_token": refresh]))
            #expect(unknown.status == .unauthorized && unknown.json["error"] as? String == "invalid_client")

            let logout = try await client.execute(
                uri: "/oidc/logout?client_id=\(S.clientId)&post_logout_redirect_uri=\(Sample.formEncode(S.redirect))&state=x",
                method: .get, headers: [.cookie: cookie])
            #expect(logout.status == .seeOther && logout.headers[.location] == S.redirect + "?state=x")
            #expect(logout.headers[.setCookie]?.contains("Max-Age=0") == true)
        }
    }

    /// A DPoP-bound code exchange and UserInfo over HTTP; the same proof sent twice is a 401 with a
    /// DPoP challenge, and the bound token sent as Bearer is refused.
    @Test(arguments: Backend.all) func dpopBoundTokensAndAReplayedProof(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let issuer = "http://127.0.0.1:8080"
            let key = DPoPKey()
            let discovery = try await client.execute(uri: "/.well-known/openid-configuration", method: .get)
            #expect(discovery.json["dpop_signing_alg_values_supported"] as? [String] == ["ES256"])
            var headers = Self.form
            headers[.authorization] = h.oidc.basic
            headers[OIDCRoutesTestNames.dpop] = try key.proof("POST", issuer + "/oidc/token")
            let tokens = try await client.execute(
                uri: "/oidc/token", method: .post, headers: headers,
                body: Self.encode(
                    ["grant_type": "authorization_code", "code": h.oidc.code, "redirect_uri": S.redirect, "code_verifier": S.verifier]))
            #expect(tokens.status == .ok && tokens.json["token_type"] as? String == "DPoP", "\(tokens.text)")
            let access = try #require(tokens.json["access_token"] as? String)

            let proof = try key.proof("GET", issuer + "/oidc/userinfo", accessToken: access)
            let read: HTTPFields = [.authorization: "DPoP \(access)", OIDCRoutesTestNames.dpop: proof]
            let info = try await client.execute(uri: "/oidc/userinfo", method: .get, headers: read)
            #expect(info.status == .ok && info.json["name"] as? String == "Nguyễn Văn An", "\(info.text)")
            let replay = try await client.execute(uri: "/oidc/userinfo", method: .get, headers: read)
            #expect(replay.status == .unauthorized && replay.json["error"] as? String == "invalid_dpop_proof")
            #expect(replay.headers[.wwwAuthenticate] == #"DPoP error="invalid_dpop_proof", algs="ES256""#)
            let asBearer = try await client.execute(uri: "/oidc/userinfo", method: .get, headers: [.authorization: "Bearer \(access)"])
            #expect(asBearer.status == .unauthorized && asBearer.json["error"] as? String == "invalid_token")
            // A proof made for the token endpoint is no good at UserInfo; at the token endpoint a bad proof is a 400.
            let misaimed = try await client.execute(
                uri: "/oidc/userinfo", method: .get,
                headers: [.authorization: "DPoP \(access)", OIDCRoutesTestNames.dpop: try key.proof("POST", issuer + "/oidc/token", accessToken: access)])
            #expect(misaimed.status == .unauthorized && misaimed.json["error"] as? String == "invalid_dpop_proof")
            headers[OIDCRoutesTestNames.dpop] = "not.a.proof"
            let refresh = try await client.execute(
                uri: "/oidc/token", method: .post, headers: headers,
                body: Self.encode(
                    ["grant_type": "refresh_token", "refresh_token": try #require(tokens.json["refresh_token"] as? String)]))
            #expect(refresh.status == .badRequest && refresh.json["error"] as? String == "invalid_dpop_proof")
        }
    }

    /// Forms that are not forms (a field twice) get 400, on the pages and at the token endpoint.
    @Test func malformedFormsAreRefused() async throws {
        try await WebHarness.with { h, client in
            for uri in ["/oidc/login", "/oidc/consent"] {
                let page = try await client.execute(uri: uri, method: .post, headers: Self.form, body: ByteBuffer(string: "client_id=a&client_id=b"))
                #expect(page.status == .badRequest, "\(uri)")
            }
            var basic = Self.form
            basic[.authorization] = h.oidc.basic
            let token = try await client.execute(
                uri: "/oidc/token", method: .post, headers: basic,
                body: ByteBuffer(string: "grant_type=authorization_code&grant_type=refresh_token"))
            #expect(token.status == .badRequest && token.json["error"] as? String == "invalid_request")
        }
    }
}

enum OIDCRoutesTestNames {
    static let dpop = HTTPField.Name("DPoP") ?? .authorization
}
