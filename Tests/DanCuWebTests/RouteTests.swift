import DanCuAccess
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct RouteTests {
    static func routerRoutes() async throws -> Set<String> {
        try await WebHarness.with { h, _ in
            Set(try WebApplication.router(h.services).routes.map { "\($0.method) \($0.path)" })
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let document = try JSONSerialization.jsonObject(with: try OpenAPIDocument.data()) as? [String: Any] ?? [:]
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let served = try await Self.routerRoutes()
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    @Test func theSamplesCoverEveryRoute() async throws {
        let served = try await Self.routerRoutes()
        let sampled = try await WebHarness.with { h, _ in Set(try Sample.all(h).map(\.description)) }
        #expect(sampled == served)
    }

    /// Each route's success path, on a fresh register each (writes change what the next would see).
    @Test(arguments: Backend.all) func everyRouteSucceedsForAnOfficerAllowedToUseIt(backend: Backend) async throws {
        let count = try await WebHarness.with { h, _ in try Sample.all(h).count }
        for index in 0..<count {
            try await WebHarness.with(backend: backend) { h, client in
                let sample = try Sample.all(h)[index]
                let response = try await client.execute(uri: sample.path, method: sample.method, headers: sample.headers(h, sample.successOfficer),
                                                        body: sample.body.map { ByteBuffer(string: $0) })
                #expect(response.status == sample.success, "\(sample): \(response.text)")
                #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
            }
        }
    }

    @Test func unknownRoutesAnswerWithAProblem() async throws {
        try await WebHarness.with { h, client in
            let response = try await client.execute(uri: "/v1/nothing-here", method: .get, headers: h.headers("central"))
            #expect(response.status == .notFound)
            #expect(response.isProblem)
        }
    }
}
