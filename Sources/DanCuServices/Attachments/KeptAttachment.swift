/// An attachment as the desk keeps it, without its content: what it is, how large, and its SHA-256,
/// by which the applicant and the officers know they read the same bytes. The content is stored sealed
/// (AES-256-GCM, bound to the application and the attachment's code) and read only through the gate.
public struct KeptAttachment: Sendable, Equatable {
    public let code: String
    public let mediaType: String
    public let byteCount: Int
    /// Lower-case hex.
    public let sha256: String
    public let fileName: String?
    /// Microseconds since 1970 (UTC).
    public let addedAt: Int64
}
