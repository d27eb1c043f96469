import DanCuAPI
import DanCuAccess
import Foundation
import HTTPTypes

extension Idempotency {
    /// The `Idempotency-Key` of a creating write, tied to a fingerprint of the request it came with: the
    /// method, the path and the body as decoded and written again with sorted keys, so that the same
    /// request sent with other spacing or member order is the same request.
    static func of(_ key: String?, _ body: some Encodable, _ operation: OperationContext) throws -> Idempotency? {
        guard let key else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = String(decoding: try encoder.encode(body), as: UTF8.self)
        let path = (operation.head.path ?? "").split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return try Idempotency(
            key: key,
            fingerprint: operation.head.method.rawValue + " " + path + " "
                + Secrets.tokenHash(canonical))
    }
}
