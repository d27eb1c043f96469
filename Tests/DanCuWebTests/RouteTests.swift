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

    /// Each route the router has, walked with its working request: it succeeds, and if it ran any
    /// statement against a table of personal data, whatever the route says of itself, the gate logged
    /// that request. This is how a route that reaches people's data around the gate is caught, including
    /// routes no one thought personal. A route that writes gets a fresh register (a write changes what
    /// the next would see); the reads share one register in each of four groups, walked one after
    /// another, each request's statements taken apart from the others'. The walks are dealt into four
    /// shards, each a test case of its own: this is the suite's longest test, and one case a backend
    /// kept the whole run waiting for it at the end.
    @Test(arguments: Backend.all, 0..<4)
    func everyRouteSucceedsAndEveryRouteThatReachesPersonalDataPassesTheGate(backend: Backend, shard: Int) async throws {
        let routes = try await Self.routerRoutes().sorted()
        let reads = routes.filter { $0.hasPrefix("GET ") }
        let groups = (0..<4).map { group in reads.enumerated().filter { $0.offset % 4 == group }.map(\.element) }
        let walks = (groups.filter { !$0.isEmpty } + routes.filter { !$0.hasPrefix("GET ") }.map { [$0] })
            .enumerated().filter { $0.offset % 4 == shard }.map(\.element)
        try await fewAtATime(walks) { walk in
            try await WebHarness.with(backend: backend) { h, client in
                let samples = try Sample.all(h)
                for route in walk {
                    guard let sample = samples.first(where: { $0.description == route }) else {
                        Issue.record("no sample for \(route)")
                        continue
                    }
                    _ = h.watch.take()
                    let response = try await client.execute(
                        uri: sample.path, method: sample.method, headers: try sample.headers(h, sample.successOfficer),
                        body: sample.body.map { ByteBuffer(string: $0) })
                    #expect(response.status == sample.success, "\(sample): \(response.text)")
                    let requestId = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
                    let touched = h.watch.take()
                    guard !touched.isEmpty else { continue }
                    let entries = try await h.fixture.accessLog().filter { $0.requestId == requestId }
                    #expect(!entries.isEmpty, "\(route) read or wrote \(touched.keys.sorted()) and left no access-log entry")
                }
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
