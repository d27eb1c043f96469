import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated code writes a header's value URI-encoded (RFC 6570's simple style), so the `/` of a
/// `Location` path becomes `%2F` and the quotes of an `ETag` `%22`. These headers carry text as it is
/// (RFC 9110 §10.2.2, §8.8.3), so their values are decoded back before the answer leaves.
struct HeaderTextMiddleware: ServerMiddleware {
    static let plainText: [HTTPField.Name] = [.location, .eTag, .cacheControl]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    )
        async throws -> (HTTPResponse, HTTPBody?)
    {
        var (response, responseBody) = try await next(request, body, metadata)
        for name in Self.plainText {
            if let value = response.headerFields[name], value.utf8.contains(UInt8(ascii: "%")), let text = value.removingPercentEncoding {
                response.headerFields[name] = text
            }
        }
        return (response, responseBody)
    }
}
