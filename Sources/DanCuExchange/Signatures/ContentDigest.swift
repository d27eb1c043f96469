import Crypto
public import Foundation
import RawStructuredFieldValues

/// `Content-Digest` (RFC 9530): a dictionary of digests of the message's content, `sha-256` or
/// `sha-512`, each a byte sequence. DanCu writes `sha-256`; it accepts either, and insists that every
/// digest it understands matches and that at least one is there.
public enum ContentDigest {
    public static func header(for body: some DataProtocol) -> String {
        "sha-256=:" + SHA256.hash(data: body).withUnsafeBytes { Data($0) }.base64EncodedString() + ":"
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
        var expected = try Expectation(header)
        expected.update(body)
        try expected.check()
    }

    /// The digests a `Content-Digest` header promises, checked against content that arrives in pieces
    /// (a batch of millions of lines is hashed as it streams in, never held whole).
    public struct Expectation: Sendable {
        var sha256: (given: Data, hash: SHA256)?
        var sha512: (given: Data, hash: SHA512)?

        /// Reads the header; throws when it is not a dictionary of byte sequences or has no digest DanCu knows.
        public init(_ header: String) throws(Failure) {
            let members: OrderedMap<String, ItemOrInnerList>
            do {
                members = try StructuredDictionary.parse(header)
            } catch {
                throw .malformed
            }
            for (algorithm, member) in members {
                guard case .item(let item) = member, case .undecodedByteSequence(let encoded) = item.bareItem,
                    let given = Data(base64Encoded: encoded)
                else { throw .malformed }
                switch algorithm {
                case "sha-256": sha256 = (given, SHA256())
                case "sha-512": sha512 = (given, SHA512())
                default: continue
                }
            }
            guard sha256 != nil || sha512 != nil else { throw .noKnownAlgorithm }
        }

        public mutating func update(_ piece: some DataProtocol) {
            sha256?.hash.update(data: piece)
            sha512?.hash.update(data: piece)
        }

        /// Throws unless every digest promised matches the content fed so far.
        public func check() throws(Failure) {
            if let sha256, sha256.hash.finalize().withUnsafeBytes({ Data($0) }) != sha256.given { throw .mismatch(algorithm: "sha-256") }
            if let sha512, sha512.hash.finalize().withUnsafeBytes({ Data($0) }) != sha512.given { throw .mismatch(algorithm: "sha-512") }
        }
    }
}
