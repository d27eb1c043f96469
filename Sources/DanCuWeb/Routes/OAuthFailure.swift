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

    /// At a resource (UserInfo) a bad DPoP proof is a 401 with a DPoP challenge (RFC 9449 §7.1); at
    /// the token endpoint it is a 400 like the other token errors.
    func response(atResource: Bool = false) -> Response {
        let unauthorized = [.invalidClient, .invalidToken].contains(error.code) || (atResource && error.code == .invalidDPoPProof)
        let status: HTTPResponse.Status = unauthorized ? .unauthorized : .badRequest
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        let algorithms = DPoPProof.algorithms.joined(separator: " ")
        switch error.code {
        case .invalidToken: headers[.wwwAuthenticate] = #"Bearer error="invalid_token", DPoP algs="\#(algorithms)""#
        case .invalidDPoPProof where atResource: headers[.wwwAuthenticate] = #"DPoP error="invalid_dpop_proof", algs="\#(algorithms)""#
        case .invalidClient: headers[.wwwAuthenticate] = #"Basic realm="dancu""#
        default: break
        }
        let body =
            (try? JSONSerialization.data(
                withJSONObject: ["error": error.code.rawValue, "error_description": error.detail],
                options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Runs an OAuth endpoint's work, answering its OAuth errors in OAuth's shape.
    static func answer(atResource: Bool = false, _ work: () async throws -> Response) async throws -> Response {
        do { return try await work() } catch let failure as OAuthFailure { return failure.response(atResource: atResource) } catch let error as OAuthError {
            return OAuthFailure(error).response(atResource: atResource)
        }
    }
}
