import DanCuAccess
import DanCuCore
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
        let contract = try Contract.current()
        #expect(contract.document["openapi"]?.string == "3.1.0")
        let (undocumented, unserved) = contract.differences(served: try await Self.routerRoutes())
        #expect(undocumented.isEmpty, "served but not documented: \(undocumented)")
        #expect(unserved.isEmpty, "documented but not served: \(unserved)")
    }

    @Test func theSamplesCoverEveryRoute() async throws {
        let served = try await Self.routerRoutes()
        let sampled = try await WebHarness.with { h, _ in Set(try Sample.all(h).map(\.description)) }
        #expect(sampled == served)
    }

    /// Each route the router has, walked on a fresh register each (writes change what the next would
    /// see): its working request succeeds, and if it ran any statement against a table of personal
    /// data, whatever the route says of itself, the gate logged that request. This is how a route that
    /// reaches people's data around the gate is caught, including routes no one thought personal.
    @Test(arguments: Backend.all) func everyRouteSucceedsAndEveryRouteThatReachesPersonalDataPassesTheGate(backend: Backend) async throws {
        let routes = try await Self.routerRoutes().sorted()
        try await fewAtATime(routes) { route in
            try await WebHarness.with(backend: backend) { h, client in
                guard let sample = try Sample.all(h).first(where: { $0.description == route }) else {
                    Issue.record("no sample for \(route)")
                    return
                }
                _ = h.watch.take()
                let response = try await client.execute(
                    uri: sample.path, method: sample.method, headers: sample.headers(h, sample.successOfficer),
                    body: sample.body.map { ByteBuffer(string: $0) })
                #expect(response.status == sample.success, "\(sample): \(response.text)")
                let requestId = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
                let touched = h.watch.take()
                guard !touched.isEmpty else { return }
                let entries = try await h.fixture.accessLog().filter { $0.requestId == requestId }
                #expect(!entries.isEmpty, "\(route) read or wrote \(touched.keys.sorted()) and left no access-log entry")
            }
        }
    }

    /// A search's cursor carries it from the names that begin with the words as typed to the other
    /// matches, one person a page: nobody twice, the first tier first.
    @Test func searchPagesThroughBothTiersWithItsCursor() async throws {
        try await WebHarness.with { h, client in
            var names: [String] = []
            var numbers: [String] = []
            var cursor: String? = ""
            while let next = cursor, names.count < 50 {
                let response = try await client.execute(
                    uri: "/v1/persons?name=t&limit=1" + (next.isEmpty ? "" : "&cursor=\(next)"), method: .get,
                    headers: h.headers("central", purpose: .residenceManagement))
                #expect(response.status == .ok)
                let items = response.json["items"] as? [[String: Any]] ?? []
                names += items.compactMap { $0["fullName"] as? String }
                numbers += items.compactMap { $0["personalNumber"] as? String }
                cursor = response.json["nextCursor"] as? String
            }
            #expect(Set(numbers).count == numbers.count)
            let a9 = try h.number("a9")
            let a10 = try h.number("a10")
            #expect(numbers.contains(a10) && numbers.contains(a9), "\(names)")
            let beginsWithT = names.map { VietnameseName.fold($0).hasPrefix("t") }
            #expect(beginsWithT == beginsWithT.sorted { $0 && !$1 }, "\(names)")
            #expect(beginsWithT.contains(false))
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
