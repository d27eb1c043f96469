import DanCuCore
import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat

/// The JSON object a request sends, read strictly: `application/json`, RFC 8259 (no trailing comma),
/// an object, and only the members `allowed` names (all, when nil); each refusal names its part.
enum JSONObjectBody {
    static func read(_ request: inout Request, _ context: AppContext, allowed: Set<String>?, what: String) async throws -> [String: Any] {
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard Handling.isJSON(request.headers[.contentType]) else {
            throw Problem(.unsupportedMediaType, "not-json", "The body is not JSON", detail: "send Content-Type: application/json")
        }
        return try read(Data(buffer: body), allowed: allowed, what: what)
    }

    static func read(_ data: Data, allowed: Set<String>?, what: String) throws -> [String: Any] {
        do { return try StrictJSON.object(data, allowed: allowed, what: what) } catch { throw Problem.badField(error.field, error.detail, rule: error.rule) }
    }
}
