import DanCuAccess
import DanCuEID
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Registering relying parties over HTTP: administrators only, each field checked, each act logged.
@Suite struct RelyingPartyRouteTests {
    static var good: [String: Any] {
        [
            "clientId": "ngan-hang-b", "name": "Ngân hàng B", "redirectURIs": ["https://bank-b.example/cb"], "scopes": "openid profile birthdate",
            "purposes": ["identity-verification"], "legalBasis": "Thông tư 16/2020/TT-NHNN (eKYC)", "authentication": "client_secret_basic",
        ]
    }

    static func body(_ fields: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]))
    }

    @Test(arguments: Backend.all) func anAdministratorRegistersAClientThatCanThenSignPeopleIn(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let created = try await client.execute(
                uri: "/v1/relying-parties", method: .post, headers: h.headers("admin", json: true),
                body: try Self.body(Self.good))
            #expect(created.status == .created && created.headers[.location] == "/v1/relying-parties/ngan-hang-b", "\(created.text)")
            let secret = try #require(created.json["clientSecret"] as? String)
            // The secret works at the provider at once: a pushed request with client_secret_basic.
            var basic: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            basic[.authorization] = "Basic " + Data("ngan-hang-b:\(secret)".utf8).base64EncodedString()
            let par = try await client.execute(
                uri: "/oidc/par", method: .post, headers: basic,
                body: ByteBuffer(
                    string:
                        "response_type=code&client_id=ngan-hang-b&redirect_uri=https%3A%2F%2Fbank-b.example%2Fcb&scope=openid&code_challenge=\(PKCEFixture.challenge)&code_challenge_method=S256"
                ))
            #expect(par.status == .created, "\(par.text)")

            let again = try await client.execute(
                uri: "/v1/relying-parties", method: .post, headers: h.headers("admin", json: true),
                body: try Self.body(Self.good))
            #expect(again.status == .conflict && again.isProblem)
            let list = try await client.execute(uri: "/v1/relying-parties", method: .get, headers: h.headers("admin"))
            #expect((list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["clientId"] as? String }.contains("ngan-hang-b"))
            let missing = try await client.execute(uri: "/v1/relying-parties/nobody", method: .get, headers: h.headers("admin"))
            #expect(missing.status == .notFound && missing.isProblem)
            let log = try await h.fixture.accessLog()
            #expect(
                log.filter { $0.actor == "admin" }.map(\.action).starts(with: ["register-relying-party", "register-relying-party", "list-relying-parties"]))
        }
    }

    @Test func everyOtherRoleIsRefusedAndTheRefusalIsLogged() async throws {
        try await WebHarness.with { h, client in
            for officer in h.fixture.officers.keys.sorted() where officer != "admin" {
                let response = try await client.execute(
                    uri: "/v1/relying-parties", method: .post, headers: h.headers(officer, json: true),
                    body: try Self.body(Self.good))
                #expect(response.status == .forbidden && response.isProblem, "\(officer)")
            }
            let denials = try await h.fixture.accessLog().filter { $0.action == "register-relying-party" && $0.decision == "denied" }
            #expect(denials.count == h.fixture.officers.count - 1)
        }
    }

    @Test func eachBadFieldIsNamed() async throws {
        try await WebHarness.with { h, client in
            var bad = Self.good
            bad["clientId"] = "x"
            bad["redirectURIs"] = ["http://evil.example/cb", "https://ok.example/cb#frag", "https://*.example.com/cb", "https://ok.example/*"]
            bad["scopes"] = "profile"
            bad["purposes"] = ["audit"]
            bad["authentication"] = "none"
            bad["subject"] = "personal-number"
            let response = try await client.execute(
                uri: "/v1/relying-parties", method: .post, headers: h.headers("admin", json: true),
                body: try Self.body(bad))
            #expect(response.status == .unprocessableContent && response.isProblem)
            #expect(
                Set(response.problemFields) == [
                    "clientId", "redirectURIs[0]", "redirectURIs[1]", "redirectURIs[2]", "redirectURIs[3]", "scopes", "purposes[0]", "authentication",
                    "subject",
                ],
                "\(response.problemFields)")
            var keys = Self.good
            keys["authentication"] = "private_key_jwt"
            let noKeys = try await client.execute(uri: "/v1/relying-parties", method: .post, headers: h.headers("admin", json: true), body: try Self.body(keys))
            #expect(noKeys.problemFields == ["jwks"])
            let notJSON = try await client.execute(
                uri: "/v1/relying-parties", method: .post, headers: h.headers("admin", json: true),
                body: ByteBuffer(string: #"{"clientId": 5}"#))
            #expect(notJSON.status == .badRequest && notJSON.problemFields == ["clientId"])
            #expect(try await h.services.oidc?.clients.all().count == 1)  // only the harness's own client
        }
    }
}

enum PKCEFixture {
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
}
