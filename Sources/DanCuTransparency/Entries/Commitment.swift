import Crypto
import Foundation

/// What binds a public entry to what it must not show (whose data, the signed message): the commitment
/// SHA-256("dancu/transparency/v1/commitment\n" || opening || private bytes), where the opening is 32
/// bytes derived for the leaf alone, HMAC-SHA-256(opening key, "dancu/transparency/v1/opening\n" ||
/// uint64 leaf index). The opening key stays in the log's store; the holder gets the opening of their own
/// entries in `/me`, an auditor the key. Without an opening the 32 random-looking bytes hide even a
/// 12-digit personal number, and two entries about the same person share nothing.
public struct Commitments: Sendable {
    let key: SymmetricKey

    public init(openingKey: [UInt8]) {
        key = SymmetricKey(data: openingKey)
    }

    public func opening(leaf: Int64) -> [UInt8] {
        let index = withUnsafeBytes(of: UInt64(leaf).bigEndian) { Array($0) }
        return Array(HMAC<SHA256>.authenticationCode(for: Array("dancu/transparency/v1/opening\n".utf8) + index, using: key))
    }

    public func commitment(leaf: Int64, to privateBytes: [UInt8]) -> [UInt8] {
        Self.commitment(opening: opening(leaf: leaf), to: privateBytes)
    }

    public static func commitment(opening: [UInt8], to privateBytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("dancu/transparency/v1/commitment\n".utf8))
        hasher.update(data: opening)
        hasher.update(data: privateBytes)
        return Array(hasher.finalize())
    }
}
