import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime

/// Turns every error into an `application/problem+json` response. It logs the error kind with the
/// request id, never the request's data.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 {
                // The error's text may quote data (a constraint's values); its type may not.
                let cause = (error as? ServerError)?.underlyingError ?? error
                context.logger.error("request failed", metadata: ["error.type": .string(String(reflecting: type(of: cause)))])
            }
            return problem.response()
        }
    }
}
