import DanCuAccess
import HTTPTypes
import Hummingbird
import NIOCore

/// What a handler of the generated API needs beyond its typed input: the request's id, the signed-in
/// officer, the client's address and the request as it came. The Hummingbird transport gives handlers
/// only the typed input, so `OperationContextMiddleware` puts this in a task-local, as the transport
/// documents.
struct OperationContext: Sendable {
    @TaskLocal static var current: OperationContext?

    let requestId: String
    let officer: Officer?
    /// The connection, for the client's address: formatting it is work only a sign-in needs.
    let channel: (any Channel)?
    /// The request's head as the client sent it, before the purpose header was set aside (below).
    let head: HTTPRequest

    /// The client's address, for throttling sign-ins per source; formatted only when asked.
    var clientAddress: String { channel?.remoteAddress?.ipAddress ?? "unknown" }

    /// The context of the operation running now. Every generated route passes the middleware, so a
    /// missing one is a wiring fault, answered 500 without detail.
    static func required() throws -> OperationContext {
        guard let current else { throw HTTPError(.internalServerError, message: "the operation context is missing") }
        return current
    }

    /// The officer, purpose and request id for the gate, from the header as the client sent it: a missing
    /// or unknown purpose reaches the gate, which refuses it naming the header and logs the refusal.
    func accessRequest() throws -> AccessRequest {
        guard let officer else { throw AccessError.unauthenticated("log in first: Authorization: Bearer TOKEN") }
        let text = head.headerFields[Handling.purposeHeader].map(Handling.trimmedSpaces)
        return AccessRequest(officer: officer, purpose: text.flatMap(Purpose.init(rawValue:)), requestId: requestId, unknownPurpose: text)
    }
}

/// Puts the `OperationContext` in place for the generated handlers. A purpose the law does not list is
/// taken out of the request the generated code decodes (it would refuse it before the gate could log
/// the attempt); the gate still sees it through `OperationContext.head`.
struct OperationContextMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let operation = OperationContext(
            requestId: context.requestId, officer: context.officer, channel: context.channel,
            head: request.head)
        var passed = request
        if let given = request.headers[Handling.purposeHeader] {
            let listed = Purpose(rawValue: Handling.trimmedSpaces(given))?.rawValue
            if listed != given {
                var head = request.head
                head.headerFields[Handling.purposeHeader] = listed
                passed = Request(head: head, body: request.body)
            }
        }
        return try await OperationContext.$current.withValue(operation) { try await next(passed, context) }
    }
}
