import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

/// The test client every in-process test talks through: it passes each request on and holds each
/// answer to openapi.yaml (status, content type, body schema), recording a test issue for any breach.
struct ContractCheckingClient: TestClientProtocol {
    let base: any TestClientProtocol
    let contract: Contract

    var port: Int? { base.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        let response = try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
        let violations = contract.violations(
            method: method.rawValue, uri: uri, status: Int(response.status.code),
            contentType: response.headers[.contentType], body: Data(buffer: response.body))
        for violation in violations ?? [] {
            Issue.record("the answer breaks openapi.yaml: \(violation)")
        }
        return response
    }
}
