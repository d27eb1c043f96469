import Crypto
public import Foundation
import RawStructuredFieldValues

/// `Content-Digest` (RFC 9530): a dictionary of digests of the message's content, `sha-256` or
/// `sha-512`, each a byte sequence. DanCu writes `sha-256`; it accepts either, and insists that every
/// digest it understands matches and that at least one is there.
public enum ContentDigest {
    public static func header(for body: some DataProtocol) -> String {
        "sha-256=:" + Data(SHA256.hash(data: body)).base64EncodedString() + ":"
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed
        case noKnownAlgorithm
        case mismatch(algorithm: String)

        public var description: String {
            switch self {
            case .malformed: "Content-Digest is not a structured dictionary of byte sequences"
            case .noKnownAlgorithm: "Content-Digest has neither sha-256 nor sha-512"
            case .mismatch(let algorithm): "Content-Digest \(algorithm) does not match the content"
            }
        }
    }

    /// Checks `header` against `body`; throws which check failed.
    public static func verify(_ header: String, body: some DataProtocol) throws(Failure) {
        let members: OrderedMap<String, ItemOrInnerList>
        do {
            var parser = StructuredFieldValueParser(Array(header.utf8))
            members = try parser.parseDictionaryFieldValue()
        } catch {
            throw .malformed
        }
        var checked = 0
        for (algorithm, member) in members {
            guard case .item(let item) = member, case .undecodedByteSequence(let encoded) = item.bareItem,
                let given = Data(base64Encoded: encoded)
            else { throw .malformed }
            let actual: Data
            switch algorithm {
            case "sha-256": actual = Data(SHA256.hash(data: body))
            case "sha-512": actual = Data(SHA512.hash(data: body))
            default: continue
            }
            guard actual == given else { throw .mismatch(algorithm: algorithm) }
            checked += 1
        }
        guard checked > 0 else { throw .noKnownAlgorithm }
    }
}
