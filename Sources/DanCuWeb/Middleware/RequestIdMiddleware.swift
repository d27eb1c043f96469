import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (the caller's `X-Request-Id` when it is sane), puts it on the response and
/// on every log line of the request.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[Self.header].flatMap { id in
            id.count <= 64 && id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || $0 == "-" } ? id : nil
        }
        let id = given ?? RequestIds.next()
        context.requestId = id
        context.logger[metadataKey: "request.id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }
}

/// Request ids: random, 16 hex digits.
enum RequestIds {
    static func next() -> String {
        var rng = SystemRandomNumberGenerator()
        let n = rng.next()
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
