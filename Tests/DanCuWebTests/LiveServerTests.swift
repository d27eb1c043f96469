import DanCuAccess
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The same application behind a real socket: login, search, read, write, audit over HTTP/1.1.
@Suite struct LiveServerTests {
    @Test(arguments: Backend.all) func aSessionOverARealConnection(backend: Backend) async throws {
        try await WebHarness.with(.live, backend: backend) { h, client in
            let login = try await client.execute(
                uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"commune.a","password":"\#(GateFixture.password)"}"#))
            #expect(login.status == .created)
            let token = try #require(login.json["token"] as? String)
            let auth: HTTPFields = [.authorization: "Bearer \(token)", HTTPField.Name(Purpose.header)!: "residence-management"]
            let search = try await client.execute(uri: "/v1/persons?name=nguyen+van", method: .get, headers: auth)
            #expect(search.status == .ok)
            let hits = search.json["items"] as? [[String: Any]] ?? []
            #expect(hits.compactMap { $0["fullName"] as? String } == ["Nguyễn Văn An"])
            let person = try await client.execute(uri: "/v1/persons/\(try h.number("a1"))", method: .get, headers: auth)
            #expect(person.status == .ok)
            #expect(person.headers[.eTag] == "\"2\"")
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains(#"dancu_http_requests_total{route="/v1/persons/{number}",method="GET",status="200"} 1"#))
            #expect(metrics.text.contains("dancu_db_pool_connections_max"))
            // Stopping: readiness turns off while requests are still answered.
            h.services.readiness.startDraining()
            let draining = try await client.execute(uri: "/health/ready", method: .get)
            #expect(draining.status == .serviceUnavailable)
            #expect(draining.text.contains("stopping"))
            let stillServed = try await client.execute(uri: "/v1/persons/\(try h.number("a1"))", method: .get, headers: auth)
            #expect(stillServed.status == .ok)
        }
    }
}
