public import DanCuAccess
import DanCuCore
import Foundation

/// Batch verification for agencies cleaning their own databases (làm sạch dữ liệu): up to ten million
/// NDJSON lines, one verify question a line, streamed in and kept in chunks as they arrive; worked
/// through in the background (`workOnBatches`), each line judged and logged as a single verification
/// is; a result a line, by line number, streamed out once done. A batch and its results are its
/// subsystem's only.
extension ExchangeGateway {
    /// Takes a batch whose signature verified: `body` streams its lines, and `digest` is the
    /// `Content-Digest` the signature covered, checked once the last byte is in. A batch refused by
    /// policy as a whole (no verify grant for this purpose and law) is refused before any line is kept;
    /// one too large, cut off, or whose digest does not match is dropped and refused.
    public func receiveBatch<Body: AsyncSequence>(
        _ body: Body, digest: ContentDigest.Expectation, for caller: MemberCaller, limits: BatchLimits = .standard
    ) async throws -> BatchJob where Body.Element == [UInt8] {
        let judged = try await judge(caller, service: .verify, fields: ["vitalStatus"], subject: nil)
        let grant = try await gate.grant(judged.request, judged.asWhole, subject: nil, action: "x-verify-batch", fields: ["vitalStatus"])
        guard try await batches.unfinished(of: caller.subsystem) < BatchJob.maxUnfinished else { throw BatchRefusal.busy }
        // Logged before a line is kept (an entry too many if the upload fails, never lines kept unlogged);
        // each person gets an entry of their own when the worker reads the register for them.
        try await grant.logWork()
        let id = Self.batchId()
        try await batches.create(
            id, subsystem: caller.subsystem, keyId: caller.keyId, purpose: caller.purpose, legalBasis: caller.legalBasis,
            requestId: caller.requestId, now: clock.nowMicros())
        var chunker = LineChunker(linesPerChunk: limits.linesPerChunk)
        var digest = digest
        var pending: [(index: Int, chunk: LineChunker.Chunk)] = []
        var chunks = 0  // the next chunk's number
        do {
            for try await piece in body {
                digest.update(piece)
                for chunk in chunker.feed(piece) {
                    pending.append((chunks, chunk))
                    chunks += 1
                }
                if chunker.lines > limits.maxLines || chunker.bytes > limits.maxBytes {
                    throw BatchRefusal.tooLarge(Self.tooLarge(limits))
                }
                if pending.count >= 4 {
                    try await batches.receive(id, chunks: pending, now: clock.nowMicros())
                    pending.removeAll(keepingCapacity: true)
                }
            }
            if let last = chunker.finish() {
                pending.append((chunks, last))
                chunks += 1
            }
            guard chunker.lines <= limits.maxLines else { throw BatchRefusal.tooLarge(Self.tooLarge(limits)) }
            do { try digest.check() } catch { throw ExchangeRefusal.digest(error) }
            guard chunker.lines > 0 else { throw BatchRefusal.empty }
            try await batches.receive(id, chunks: pending, now: clock.nowMicros())
            try await batches.seal(id, lines: chunker.lines, bytes: chunker.bytes)
        } catch {
            let reason =
                switch error {
                case let refusal as BatchRefusal: refusal.description
                case let refusal as ExchangeRefusal: refusal.description
                default: "the upload was cut off: send the batch again"
                }
            try? await batches.fail(id, reason: reason, now: clock.nowMicros())
            throw error
        }
        guard let job = try await batches.job(id) else { throw BatchRefusal.unknown }
        return job
    }

    /// The batch `id` if `caller`'s subsystem sent it; any other is unknown, as one that never was.
    public func batch(_ id: String, for caller: MemberCaller) async throws -> BatchJob {
        guard Self.isBatchId(id), let job = try await batches.job(id), job.subsystem == caller.subsystem else { throw BatchRefusal.unknown }
        return job
    }

    /// The results of a finished batch: its `Content-Digest`, and its chunks in order, a page at a time
    /// (`after` the last chunk read, -1 at the start). Refused until the batch is done.
    public func batchResults(_ id: String, for caller: MemberCaller) async throws -> (job: BatchJob, digest: String) {
        let job = try await batch(id, for: caller)
        switch job.status {
        case .done: break
        case .failed: throw BatchRefusal.failed(job.failure ?? "")
        default: throw BatchRefusal.notFinished(status: job.status, processed: job.processed, lines: job.lines)
        }
        guard let digest = job.resultDigest else { throw BatchRefusal.failed("its results were kept for seven days and are gone") }
        return (job, digest)
    }

    /// Up to `limit` chunks of a finished batch's results after chunk `after`.
    public func batchResultChunks(_ job: BatchJob, after: Int, limit: Int = 16) async throws -> [(index: Int, data: [UInt8])] {
        try await batches.results(job.id, after: after, limit: limit)
    }

    /// Lines of batches taken in and not yet worked, and how many batches are unfinished, for monitoring.
    public func batchBacklog() async throws -> (lines: Int64, batches: Int) {
        try await batches.backlog()
    }

    public static func tooLarge(_ limits: BatchLimits) -> String {
        "a batch holds at most \(limits.maxLines) lines and \(limits.maxBytes) bytes: split it into several batches"
    }

    static func batchId() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        return "b_" + String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    static func isBatchId(_ text: String) -> Bool {
        text.utf8.count == 26 && text.hasPrefix("b_") && text.dropFirst(2).allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) }
    }
}
