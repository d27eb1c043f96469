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
        if let offset = StrictJSON.trailingComma(in: data) { throw Problem.badField("body", "a trailing comma at byte \(offset)", rule: "json") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem.badField("body", "send a JSON object", rule: "json")
        }
        if let allowed, let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem.badField(String(unknown.prefix(60)), "is not a field of \(what): use \(allowed.sorted().joined(separator: ", "))", rule: "unknown")
        }
        return object
    }
}
