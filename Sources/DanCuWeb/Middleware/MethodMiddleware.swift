import HTTPTypes
import Hummingbird

/// What HTTP says of methods (RFC 9110 §15.5.6, §9.3.2): a path the server has, asked with a method it
/// does not answer there, gets 405 with `Allow`. Added after every route, it wraps only the router's
/// answer to what no route matched. (`HEAD` is answered wherever `GET` is by the router's own
/// `autoGenerateHeadEndpoints`.)
struct MethodMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// The methods of each route template, its segments with parameters as nil.
    let routes: [(segments: [Substring?], methods: Set<String>)]

    init(routes: [(path: String, method: String)]) {
        var byPath: [String: Set<String>] = [:]
        for route in routes { byPath[route.path, default: []].insert(route.method) }
        self.routes = byPath.map { path, methods in
            (path.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? nil : $0 }, methods)
        }
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = allowedMethods(request.uri.path)
            guard !allowed.isEmpty else { throw error }
            var problem = Problem(
                .methodNotAllowed, "method-not-allowed", "Method not allowed",
                detail: "\(request.method.rawValue) is not answered here; use \(allowed.joined(separator: ", "))")
            problem.headers[.allow] = allowed.joined(separator: ", ")
            throw problem
        }
    }

    /// The methods the routes answer at `path` (with HEAD where GET is), sorted; empty when none has the path.
    func allowedMethods(_ path: String) -> [String] {
        let segments = path.split(separator: "/")
        var methods = Set<String>()
        for route in routes where route.segments.count == segments.count {
            if zip(route.segments, segments).allSatisfy({ $0 == nil || $0 == $1 }) { methods.formUnion(route.methods) }
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}
