import DanCuAccess
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A card's whole life over HTTP, each step by the officer whose work it is, then a bank's verification.
@Suite struct CardRouteTests {
    @Test(arguments: Backend.all) func fromTheCounterToTheBank(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let a3 = try h.number("a3")
            func call(
                _ officer: String, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil,
                purpose: Purpose = .identityCard, version: Int? = nil
            ) async throws -> TestResponse {
                try await client.execute(
                    uri: path, method: method,
                    headers: h.headers(
                        officer, purpose: purpose, json: body != nil,
                        extra: version.map { [.ifMatch: "\"\($0)\""] } ?? [:]),
                    body: body.map { ByteBuffer(string: $0) })
            }
            let applied = try await call(
                "communeA", .post, "/v1/persons/\(a3)/cards",
                #"{"kind":"first","biometrics":{"face":"\#(h.faceBase64)","fingerprints":["AQID"],"irises":["BAUG"]}}"#)
            #expect(applied.status == .created, "\(applied.text)")
            let id = try #require(applied.json["cardId"] as? String)
            #expect(id == "\(a3)-1" && applied.headers[.location] == "/v1/cards/\(id)")

            #expect(try await call("communeA", .post, "/v1/cards/\(id)/events", #"{"event":"approve"}"#, version: 1).status == .forbidden)
            #expect(try await call("province01", .post, "/v1/cards/\(id)/events", #"{"event":"approve"}"#, version: 1).status == .ok)
            #expect(try await call("province01", .post, "/v1/cards/\(id)/events", #"{"event":"produce"}"#, version: 2).status == .forbidden)
            let produced = try await call("central", .post, "/v1/cards/\(id)/events", #"{"event":"produce"}"#, version: 2)
            #expect(produced.json["status"] as? String == "produced" && produced.json["issuedOn"] != nil)
            let delivered = try await call("communeA", .post, "/v1/cards/\(id)/events", #"{"event":"deliver"}"#, version: 3)
            #expect(delivered.json["status"] as? String == "active" && delivered.headers[.eTag] == "\"4\"")

            // The bank reads nothing but verifies the chip it was shown.
            #expect(try await call("bank", .get, "/v1/cards/\(id)/chip", purpose: .identityVerification).status == .forbidden)
            let chip = try await call("communeA", .get, "/v1/cards/\(id)/chip")
            #expect(chip.status == .ok)
            let valid = try await call("bank", .post, "/v1/cards/verify", chip.text, purpose: .identityVerification)
            #expect(valid.status == .ok, "\(valid.text)")
            let verdict = try #require(valid.json["verdict"] as? [String: Any])
            #expect(verdict["valid"] as? Bool == true && verdict["cardId"] as? String == id)
            #expect((valid.json["jws"] as? String)?.split(separator: ".").count == 3)

            #expect(try await call("communeA", .post, "/v1/cards/\(id)/events", #"{"event":"report-stolen"}"#, version: 4).status == .ok)
            let stolen = try await call("bank", .post, "/v1/cards/verify", chip.text, purpose: .identityVerification)
            let checks = (stolen.json["verdict"] as? [String: Any])?["checks"] as? [[String: Any]] ?? []
            #expect(checks.filter { $0["passed"] as? Bool == false }.compactMap { $0["reason"] as? String } == ["the card is stolen"])

            // Every step left its entry on a3, each by its officer.
            let entries = try await h.fixture.accessLog().filter { $0.subject == a3 && $0.decision == "allowed" }
            #expect(
                entries.map(\.action) == [
                    "card-apply", "card-approve", "card-produce", "card-deliver", "card-chip", "card-verify",
                    "card-report-stolen", "card-verify",
                ])
            #expect(entries.map(\.actor) == ["commune.a", "province.01", "central", "commune.a", "commune.a", "bank", "commune.a", "bank"])
        }
    }

    @Test func aDeathRecordedOverHTTPRevokesTheCard() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let read = try await client.execute(uri: "/v1/persons/\(a1)", method: .get, headers: h.headers("communeA", purpose: .civilStatus))
            let death = try await client.execute(
                uri: "/v1/persons/\(a1)/events", method: .post,
                headers: h.headers(
                    "communeA", purpose: .civilStatus, json: true,
                    extra: [.ifMatch: read.headers[.eTag] ?? ""]),
                body: ByteBuffer(string: #"{"change":{"deathRecorded":{"date":"2026-11-01"}}}"#))
            #expect(death.status == .ok, "\(death.text)")
            let card = try await client.execute(uri: "/v1/cards/\(a1)-1", method: .get, headers: h.headers("communeA", purpose: .identityCard))
            #expect(card.json["status"] as? String == "revoked")
            let events = card.json["events"] as? [[String: Any]] ?? []
            #expect(events.last?["officer"] as? String == "commune.a")
        }
    }
}
