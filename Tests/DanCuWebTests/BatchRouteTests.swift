import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

/// Batch verification over HTTP: the lines stream in under the signed digest, the job is followed by its
/// id, and the results stream out signed with the digest made when the batch finished.
@Suite struct BatchRouteTests {
    static func upload(_ h: WebHarness, _ body: String, signedBody: String? = nil, contentType: String = "application/x-ndjson") throws -> HTTPFields {
        var headers = try h.memberHeaders(.post, "/x/v1/verify/batches", body: signedBody ?? body)
        headers[.contentType] = contentType
        return headers
    }

    @Test func aBatchGoesInSignedAndItsResultsComeOutSigned() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let body = (1...50).map { #"{"personalNumber":"\#(a1)","name":"NGUYEN VAN AN","dateOfBirth":"\#($0 % 2 == 0 ? "1980" : "1981")"}"# }.joined(
                separator: "\n")
            let headers = try Self.upload(h, body)
            let sent = try await client.execute(uri: "/x/v1/verify/batches", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(sent.status == .accepted, "\(sent.text)")
            let id = try #require(sent.json["id"] as? String)
            #expect(sent.headers[.location] == "/x/v1/verify/batches/\(id)" && sent.json["lines"] as? Int == 50)
            let (_, key) = try await ExchangeRouteTests.answerKey(client)
            _ = try ExchangeRouteTests.verifyAnswer(sent, to: "POST", path: "/x/v1/verify/batches", request: headers, key: key)

            let early = try h.memberHeaders(.get, "/x/v1/verify/batches/\(id)/results")
            let notYet = try await client.execute(uri: "/x/v1/verify/batches/\(id)/results", method: .get, headers: early)
            #expect(notYet.status == .conflict && notYet.json["type"] as? String == "/problems/exchange-batch-not-finished")

            // Monitoring sees the lines waiting, and the upload counted under its service.
            let waiting = try await client.execute(uri: "/metrics", method: .get).text
            #expect(
                waiting.contains(#"exchange_batch_lines_waiting_count{what="lines"} 50.0"#), "\(waiting.split(separator: "\n").filter { $0.contains("batch") })"
            )
            #expect(waiting.contains(#"service="verify-batch""#))
            let exchange = try #require(h.services.exchange)
            while try await exchange.workOnBatches() > 0 {}
            let drained = try await client.execute(uri: "/metrics", method: .get).text
            #expect(drained.contains(#"exchange_batch_lines_waiting_count{what="lines"} 0.0"#))
            let status = try await client.execute(
                uri: "/x/v1/verify/batches/\(id)", method: .get, headers: try h.memberHeaders(.get, "/x/v1/verify/batches/\(id)"))
            #expect(status.json["status"] as? String == "done" && status.json["matched"] as? Int == 25 && status.json["errors"] as? Int == 0)
            let path = try #require(status.json["results"] as? String)
            let request = try h.memberHeaders(.get, path)
            let results = try await client.execute(uri: path, method: .get, headers: request)
            #expect(results.status == .ok && results.headers[.contentType] == "application/x-ndjson")
            // The digest the middleware signed, made when the batch finished, is the digest of what came.
            _ = try ExchangeRouteTests.verifyAnswer(results, to: "GET", path: path, request: request, key: key)
            let lines = results.text.split(separator: "\n")
            #expect(
                lines.count == 50
                    && lines[1] == #"{"line":2,"personalNumber":"match","match":true,"fields":{"dateOfBirth":"match","name":"match"},"alive":true}"#)
        }
    }

    @Test func aBatchNotAsSignedOrNotNDJSONIsRefused() async throws {
        try await WebHarness.with { h, client in
            let line = #"{"personalNumber":"\#(try h.number("a1"))"}"#
            let tampered = try await client.execute(
                uri: "/x/v1/verify/batches", method: .post, headers: try Self.upload(h, line + "\n" + line, signedBody: line),
                body: ByteBuffer(string: line + "\n" + line))
            #expect(tampered.status == .unauthorized && tampered.json["type"] as? String == "/problems/exchange-content-digest", "\(tampered.text)")
            #expect(tampered.headers[HTTPField.Name("Signature")!] != nil)
            let json = try await client.execute(
                uri: "/x/v1/verify/batches", method: .post, headers: try Self.upload(h, line, contentType: "application/json"), body: ByteBuffer(string: line))
            #expect(json.status == .unsupportedMediaType && json.json["type"] as? String == "/problems/not-ndjson")
            // Unsigned: refused before a byte of it is read.
            let unsigned = try await client.execute(
                uri: "/x/v1/verify/batches", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: line))
            #expect(unsigned.status == .unauthorized)
            let unknown = "/x/v1/verify/batches/b_aaaaaaaaaaaaaaaaaaaaaaaa"
            let missing = try await client.execute(uri: unknown, method: .get, headers: try h.memberHeaders(.get, unknown))
            #expect(missing.status == .notFound && missing.json["type"] as? String == "/problems/exchange-not-found")
            let kept = try await h.fixture.register.store.read { db in
                try db.query("SELECT status FROM exchange_batches").map { try $0.string("status") }
            }
            #expect(kept.sorted() == ["done", "failed"])  // the harness's own batch, and the one not as signed
        }
    }
}
