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

/// Level-1 self-registration over HTTP: the code goes to the outbox, the face decides.
@Suite struct SelfRegistrationRouteTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test(arguments: Backend.all) func aCitizenRegistersWithTheCodeFromTheOutboxAndTheirFace(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let eid = try #require(h.services.eid)
            let a6 = try h.number("a6")
            let asked = try await client.execute(
                uri: "/eid/registration/code", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"personalNumber":"\#(a6)","phone":"+84 912 000 666"}"#))
            #expect(asked.status == .accepted)
            let message = try #require(try await eid.pendingMessages(requestId: "test").last)
            #expect(message.channel == "sms" && message.address == "0912000666")
            let code = try #require(message.body.split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 }.map(String.init))
            // Asking again within the minute sends nothing new.
            _ = try await client.execute(
                uri: "/eid/registration/code", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"personalNumber":"\#(a6)","phone":"0912000666"}"#))
            #expect(try await eid.pendingMessages(requestId: "test").filter { $0.address == "0912000666" }.count == 1)
            // Nor for another number to the same phone: the route sends at most one message a minute to a phone.
            _ = try await client.execute(
                uri: "/eid/registration/code", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"personalNumber":"\#(try h.number("a5"))","phone":"0912000666"}"#))
            #expect(try await eid.pendingMessages(requestId: "test").filter { $0.address == "0912000666" }.count == 1)
            // Each request, sent or not, is in the access log of the person it was made in the name of.
            let asking = try await h.fixture.accessLog().filter { $0.action == "eid-registration-code" }
            #expect(asking.map(\.subject) == [a6, a6, try h.number("a5")])
            #expect(Set(asking.map(\.actor)) == ["system:eid-registration"])

            func register(_ face: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/eid/registration", method: .post, headers: Self.json,
                    body: ByteBuffer(
                        string: """
                            {"personalNumber":"\(a6)","phone":"0912000666","code":"\(code)","password":"\(GateFixture.password)","face":"\(face)"}
                            """))
            }
            let stranger = try await register(Data("someone else".utf8).base64EncodedString())
            #expect(stranger.status == .unprocessableContent && stranger.problemFields == ["face"])
            let created = try await register(h.faceBase64)
            #expect(created.status == .created && created.json["level"] as? Int == 1 && created.json["subject"] as? String == a6, "\(created.text)")
            let signIn = try await client.execute(
                uri: "/me/api/session", method: .post, headers: Self.json,
                body: ByteBuffer(string: #"{"username":"\#(a6)","password":"\#(GateFixture.password)"}"#))
            #expect(signIn.status == .created)
        }
    }

    @Test func theAnswersTellNothingAboutTheNumber() async throws {
        try await WebHarness.with { h, client in
            // A number nobody holds, a dead person's, a holder's: the same 202.
            var bodies: [String] = []
            for number in ["079199000001", try h.number("a1"), try h.number("a6")] {
                let response = try await client.execute(
                    uri: "/eid/registration/code", method: .post, headers: Self.json,
                    body: ByteBuffer(string: #"{"personalNumber":"\#(number)","email":"x@example.vn"}"#))
                #expect(response.status == .accepted)
                bodies.append(response.text)
            }
            #expect(Set(bodies).count == 1)
            // Before the face matches, a number with an account answers like one without a photo.
            let withAccount = try await client.execute(
                uri: "/eid/registration", method: .post, headers: Self.json,
                body: ByteBuffer(
                    string: """
                        {"personalNumber":"\(try h.number("a1"))","email":"x@example.vn","code":"000000","password":"\(GateFixture.password)","face":"AAAA"}
                        """))
            let bad = [("personalNumber", #"{"personalNumber":"12","phone":"0912000666"}"#), ("phone", #"{"personalNumber":"079199000001","phone":"12"}"#)]
            for (field, body) in bad {
                let response = try await client.execute(uri: "/eid/registration/code", method: .post, headers: Self.json, body: ByteBuffer(string: body))
                #expect(response.isProblem && response.problemFields == [field], "\(field): \(response.text)")
            }
            #expect(withAccount.status == .unprocessableContent && ["code", "face"].contains(withAccount.problemFields.first ?? ""))
            let notBase64 = try await client.execute(
                uri: "/eid/registration", method: .post, headers: Self.json,
                body: ByteBuffer(
                    string: """
                        {"personalNumber":"\(try h.number("a6"))","phone":"0912000666","code":"000000","password":"\(GateFixture.password)","face":"***"}
                        """))
            #expect(notBase64.status == .badRequest && notBase64.problemFields == ["face"])
        }
    }
}
