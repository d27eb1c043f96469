import DanCuCore
import HTTPTypes
import OpenAPIRuntime

/// A personal number in the path (`{number}`) is checked before anything else of the request, as the
/// hand-written routes did: a request about a malformed number is refused naming `number`, whatever
/// else its body gets wrong. The generated code decodes the body before any handler runs.
struct PathNumberMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    )
        async throws -> (HTTPResponse, HTTPBody?)
    {
        if let number = metadata.pathParameters["number"] {
            _ = try Parameters.personalNumber(String(number))
        }
        return try await next(request, body, metadata)
    }
}
