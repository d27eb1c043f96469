/// A member's batch verification: the lines it sent, how far the work has come, and where its results
/// are. Only the subsystem that sent it sees it.
public struct BatchJob: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// The lines are still coming in.
        case receiving
        /// All lines are in and the digest checked; waiting for the worker.
        case queued
        case running
        /// Every line has its result; the results can be read until `expiresAt`.
        case done
        /// Stopped for the reason in `failure` (an upload cut off, a key revoked, a grant ended mid-way).
        case failed
    }

    public let id: String
    public let subsystem: Subsystem
    public let keyId: String
    public let purpose: String
    public let legalBasis: String
    /// The request that sent the lines: its message-log entry, and every access-log entry of the batch.
    public let requestId: String
    public let status: Status
    public let lines: Int64
    public let bytes: Int64
    public let processed: Int64
    public let matched: Int64
    public let errors: Int64
    /// `Content-Digest` of the whole result file, once done.
    public let resultDigest: String?
    /// The size of the whole result file, once done.
    public let resultBytes: Int64?
    public let failure: String?
    public let createdAt: Int64
    public let finishedAt: Int64?
    public let expiresAt: Int64?

    /// How many batches one subsystem may have unfinished at once.
    public static let maxUnfinished = 3
    /// How long results are kept after the batch is done, in microseconds (seven days).
    public static let keptFor: Int64 = 7 * 86_400 * 1_000_000
}

/// How large a batch may be, and how its lines are kept.
public struct BatchLimits: Sendable {
    /// The most lines one batch may hold.
    public var maxLines: Int64
    /// The most bytes one batch may hold.
    public var maxBytes: Int64
    /// How many lines one stored chunk holds: the unit the worker reads, logs and commits at once.
    public var linesPerChunk: Int

    public init(maxLines: Int64, maxBytes: Int64, linesPerChunk: Int) {
        self.maxLines = maxLines
        self.maxBytes = maxBytes
        self.linesPerChunk = linesPerChunk
    }

    /// Ten million lines, 4 GiB (some 400 bytes a line), in chunks of 2,000 lines.
    public static let standard = BatchLimits(maxLines: 10_000_000, maxBytes: 4 << 30, linesPerChunk: 2_000)
}
