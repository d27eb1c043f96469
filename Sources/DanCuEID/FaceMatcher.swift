import Crypto

/// Compares a face taken now with the face the register holds (the photo of the holder's card
/// application). Real matching is a biometric engine's work; DanCu takes one through this protocol.
public protocol FaceMatcher: Sendable {
    /// What the matcher compares, said plainly: it is shown to officers and written in the docs.
    var method: String { get }
    func matches(probe: [UInt8], reference: [UInt8]) -> Bool
}

/// The built-in matcher. It is not a face matcher: it accepts only the very image the register holds,
/// byte for byte (SHA-256). It proves that the caller has the registered photo file, which is what the
/// demo and the tests can give; a deployment plugs in a biometric engine with liveness detection.
public struct IdenticalImageMatcher: FaceMatcher {
    public init() {}

    public var method: String { "identical-image (SHA-256 of the bytes; not a biometric comparison)" }

    public func matches(probe: [UInt8], reference: [UInt8]) -> Bool {
        Array(SHA256.hash(data: probe)) == Array(SHA256.hash(data: reference))
    }
}
