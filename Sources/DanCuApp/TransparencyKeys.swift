public import DanCuTransparency
import Foundation

/// The transparency log's checkpoint signing keys, in the data directory: `transparency/log-key` holds
/// the current Ed25519 key (base64 of its 32-byte seed, readable by the owner only), and
/// `transparency/previous-log-key` the key rotated out last, which keeps signing beside the new one
/// until the operator retires it, so relying parties can move to the new vkey without a gap.
/// `transparency/origin` holds the log's origin as it was first set: the log's identity outlives any
/// later change of host, port or settings.
public struct TransparencyKeys: Sendable {
    public let directory: String

    public init(dataDirectory: String) {
        directory = (dataDirectory as NSString).appendingPathComponent("transparency")
    }

    var current: String { (directory as NSString).appendingPathComponent("log-key") }
    var previous: String { (directory as NSString).appendingPathComponent("previous-log-key") }
    var originFile: String { (directory as NSString).appendingPathComponent("origin") }

    /// The origin kept in the data directory; `proposed` is kept (and returned) if there is none yet.
    public func origin(proposed: String) throws -> String {
        if let kept = try? String(contentsOfFile: originFile, encoding: .utf8), !kept.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return kept.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: originFile, contents: Data((proposed + "\n").utf8)) else { throw Failure.unreadable(originFile) }
        return proposed
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        public var description: String {
            switch self {
            case .unreadable(let path): "\(path) does not hold a base64 Ed25519 key"
            }
        }
    }

    /// The signer named by the log's origin (`proposed` on first use), made and written on first use,
    /// and the rotated-out one if kept.
    public func signers(origin proposed: String) throws -> (current: NoteSigner, previous: [NoteSigner]) {
        let origin = try origin(proposed: proposed)
        if !FileManager.default.fileExists(atPath: current) { try write(NoteSigner.generate(name: origin), to: current) }
        let signer = try read(current, origin: origin)
        let previous = FileManager.default.fileExists(atPath: previous) ? [try read(previous, origin: origin)] : []
        return (signer, previous)
    }

    /// Makes a new current key; the old one becomes the previous key (replacing any before it).
    public func rotate(origin proposed: String) throws -> NoteSigner {
        let origin = try origin(proposed: proposed)
        let old = try read(current, origin: origin)
        try write(old, to: previous)
        let new = NoteSigner.generate(name: origin)
        try write(new, to: current)
        return try read(current, origin: origin)
    }

    /// Stops signing with the previous key.
    public func retirePrevious() throws {
        if FileManager.default.fileExists(atPath: previous) { try FileManager.default.removeItem(atPath: previous) }
    }

    private func read(_ path: String, origin: String) throws -> NoteSigner {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let seed = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let signer = NoteSigner(name: origin, privateKey: Array(seed))
        else { throw Failure.unreadable(path) }
        return signer
    }

    private func write(_ signer: NoteSigner?, to path: String) throws {
        guard let signer else { throw Failure.unreadable(path) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((Data(signer.privateKey).base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw Failure.unreadable(path) }
    }
}
