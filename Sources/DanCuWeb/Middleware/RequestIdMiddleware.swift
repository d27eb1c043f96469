import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Gives every request an id (the caller's `X-Request-Id` when it is sane), puts it on the response and
/// on every log line of the request.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let header = HTTPField.Name("X-Request-Id")!
    let ids = RequestIds()

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[Self.header].flatMap { id in
            id.count <= 64 && id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || $0 == "-" } ? id : nil
        }
        let id = given ?? ids.next()
        context.requestId = id
        context.logger[metadataKey: "request.id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }
}

/// Request ids, 16 hex digits: a random start for the process, then a counter, spread by an odd
/// multiplier (a bijection, so no two requests of a process share an id). One random draw per request
/// was one `getrandom` system call per request.
final class RequestIds: Sendable {
    private let start: UInt64
    private let counter = Atomic<UInt64>(0)

    init() {
        var rng = SystemRandomNumberGenerator()
        start = rng.next()
    }

    func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        var value = (start &+ n) &* 0x9E37_79B9_7F4A_7C15
        var digits = [UInt8](repeating: 0, count: 16)
        for i in stride(from: 15, through: 0, by: -1) {
            let d = UInt8(value & 0xF)
            digits[i] = d < 10 ? 48 + d : 87 + d
            value >>= 4
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
