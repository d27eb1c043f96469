import DanCuAPI
import Foundation
import Testing

/// The contract checks themselves must be able to fail: each is run once on a deliberately wrong
/// copy of openapi.yaml and must name exactly what was made wrong.
@Suite struct ContractTests {
    /// openapi.yaml with one route taken out, one invented, and the household's schema asking for a
    /// member no answer has.
    static func wrongDocument() throws -> Contract {
        var document = try #require(try JSONSerialization.jsonObject(with: APIDocument.json()) as? [String: Any])
        var paths = try #require(document["paths"] as? [String: Any])
        paths["/v1/households/{id}/chief"] = paths.removeValue(forKey: "/v1/households/{id}/head")
        paths["/v1/nowhere"] = ["get": ["responses": ["200": ["description": "OK"]]]]
        document["paths"] = paths
        var components = try #require(document["components"] as? [String: Any])
        var schemas = try #require(components["schemas"] as? [String: Any])
        var household = try #require(schemas["Household"] as? [String: Any])
        household["required"] = (household["required"] as? [String] ?? []) + ["inventedMember"]
        schemas["Household"] = household
        components["schemas"] = schemas
        document["components"] = components
        return try Contract(json: try JSONSerialization.data(withJSONObject: document))
    }

    @Test func aWrongDocumentFailsTheRouteCheckNamingEachDifference() async throws {
        let served = try await RouteTests.routerRoutes()
        #expect(try Contract.current().differences(served: served) == ([], []))
        let wrong = try Self.wrongDocument().differences(served: served)
        #expect(wrong.undocumented == ["PUT /v1/households/{id}/head"])
        #expect(wrong.unserved == ["GET /v1/nowhere", "PUT /v1/households/{id}/chief"])
    }

    @Test func aWrongDocumentFailsTheAnswerCheckNamingTheMember() throws {
        let answer = Data(#"{"id":"HK0000000001","head":"001085000101","address":{"country":"VNM","unitList":"current","wardCode":"00004"},"members":[]}"#.utf8)
        let right = try Contract.current().violations(
            method: "GET", uri: "/v1/households/HK0000000001", status: 200,
            contentType: "application/json", body: answer)
        #expect(right == [])
        let wrong = try Self.wrongDocument().violations(
            method: "GET", uri: "/v1/households/HK0000000001", status: 200,
            contentType: "application/json", body: answer)
        #expect(wrong == ["GET /v1/households/{id} → 200: $.inventedMember: is required"])
    }

    @Test func anAnswerOutsideTheDocumentIsNamed() throws {
        let contract = try Contract.current()
        let teapot = contract.violations(method: "GET", uri: "/v1/households/HK1", status: 418, contentType: nil, body: Data())
        #expect(teapot?.count == 1 && teapot?.first?.contains("no such status") == true)
        let html = contract.violations(method: "GET", uri: "/v1/households/HK1", status: 200, contentType: "text/html", body: Data("<p>".utf8))
        #expect(html?.first?.contains("content type 'text/html'") == true)
        let badNumber = contract.violations(
            method: "GET", uri: "/v1/households/HK1", status: 200, contentType: "application/json",
            body: Data(#"{"id":"HK1","head":"12","address":{"country":"VNM","unitList":"current","wardCode":"00004"},"members":[]}"#.utf8))
        #expect(badNumber?.first?.contains("$.head: '12' does not match") == true)
        #expect(contract.violations(method: "GET", uri: "/nowhere", status: 404, contentType: nil, body: Data()) == nil)
    }
}
