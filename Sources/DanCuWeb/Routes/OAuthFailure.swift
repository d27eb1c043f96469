import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// OAuth endpoints answer errors as `{"error": …, "error_description": …}` (RFC 6749 §5.2), which
/// relying parties' libraries read, rather than problem+json.
struct OAuthFailure: Error {
    let error: OAuthError

    init(_ code: OAuthError.Code, _ detail: String) { error = OAuthError(code, detail) }
    init(_ error: OAuthError) { self.error = error }

    var response: Response {
        let status: HTTPResponse.Status = [.invalidClient, .invalidToken].contains(error.code) ? .unauthorized : .badRequest
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if error.code == .invalidToken { headers[.wwwAuthenticate] = #"Bearer error="invalid_token""# }
        if error.code == .invalidClient { headers[.wwwAuthenticate] = #"Basic realm="dancu""# }
        let body = (try? JSONSerialization.data(withJSONObject: ["error": error.code.rawValue, "error_description": error.detail],
                                                options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Runs an OAuth endpoint's work, answering its OAuth errors in OAuth's shape.
    static func answer(_ work: () async throws -> Response) async throws -> Response {
        do { return try await work() } catch let failure as OAuthFailure { return failure.response } catch let error as OAuthError {
            return OAuthFailure(error).response
        }
    }
}
