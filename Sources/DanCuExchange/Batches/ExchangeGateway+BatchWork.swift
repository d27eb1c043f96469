import Crypto
public import DanCuAccess
import DanCuCore
import Foundation

/// The background side of batch verification: one chunk of lines at a time, each line judged by the
/// subsystem's grants as they stand that day (a law that expired mid-batch stops the lines after it),
/// the people read and logged through the gate in one go per chunk, the results stored with the job's
/// progress in one transaction.
extension ExchangeGateway {
    /// One turn of the worker: fails uploads a stopped server left unfinished, takes the oldest batch
    /// waiting (or one whose worker stopped), and turns up to `budget` chunks of its lines into results.
    /// Returns how many chunks it did, 0 when there was nothing to do.
    @discardableResult
    public func workOnBatches(budget: Int = 16) async throws -> Int {
        let now = clock.nowMicros()
        for id in try await batches.interruptedUploads(now: now) {
            try await batches.fail(id, reason: "the upload was cut off: send the batch again", now: now)
        }
        guard let job = try await batches.claim(now: now) else {
            _ = try await batches.purgeExpired(now: now)
            return 0
        }
        var done = 0
        while done < budget {
            let inputs = try await batches.nextInputs(job.id, limit: Self.chunksAtOnce)
            guard !inputs.isEmpty else {
                try await finishBatch(job.id)
                return done + 1
            }
            guard case .active(let subsystem, _, let kind, let name) = try await members.keyStatus(job.keyId), subsystem == job.subsystem else {
                try await batches.fail(
                    job.id, reason: "the key that signed the batch was revoked or its member system disabled", now: clock.nowMicros())
                return done + 1
            }
            let caller = MemberCaller(
                subsystem: subsystem, kind: kind, name: name, keyId: job.keyId, requestId: job.requestId, purpose: job.purpose,
                legalBasis: job.legalBasis, consent: nil)
            // A few chunks at once, each its own transaction: the reads, decoding and comparisons of one
            // overlap the writes of another, on as many cores as the machine lends.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, chunk) in inputs {
                    group.addTask { [self] in
                        let worked = try await verifyLines(chunk, for: caller)
                        try await batches.complete(
                            job.id, chunk: index, results: worked.results, lines: chunk.lines, matched: worked.matched, errors: worked.errors,
                            now: clock.nowMicros())
                    }
                }
                try await group.waitForAll()
            }
            done += inputs.count
        }
        try await batches.release(job.id)
        return done
    }

    /// How many chunks of one batch the worker does at once.
    static let chunksAtOnce = max(2, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// The results of one chunk's lines, a JSON object a line in the same order, and their counts.
    func verifyLines(_ chunk: LineChunker.Chunk, for caller: MemberCaller) async throws -> (results: [UInt8], matched: Int, errors: Int) {
        var outcomes: [BatchLine.Outcome] = []
        outcomes.reserveCapacity(chunk.lines)
        var questions: [(index: Int, question: VerifyQuestion)] = []
        var start = chunk.data.startIndex
        while start < chunk.data.endIndex, let end = chunk.data[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = chunk.data[start..<end]
            start = end + 1
            switch BatchLine.read(line) {
            case .success(let question):
                questions.append((outcomes.count, question))
                outcomes.append(.refused("not judged"))
            case .failure(let problem):
                outcomes.append(.invalid(problem))
            }
        }
        var byFields: [[String]: [(index: Int, question: VerifyQuestion)]] = [:]
        for entry in questions { byFields[entry.question.fields, default: []].append(entry) }
        for (fields, group) in byFields {
            let judged = try await judge(caller, service: .verify, fields: fields, subject: nil)
            let reads = try await gate.readMany(
                group.map(\.question.personalNumber), for: judged.request, need: judged.need, action: "x-verify", fields: fields)
            for (index, question) in group {
                switch reads[question.personalNumber.rawValue] {
                case .person(let person, _): outcomes[index] = .answered(Verification.answer(question, person: person))
                case .absent, nil: outcomes[index] = .answered(Verification.answer(question, person: nil))
                case .refused(let why): outcomes[index] = .refused(why)
                }
            }
        }
        var results: [UInt8] = []
        results.reserveCapacity(chunk.lines * 112)
        var matched = 0
        var errors = 0
        for (offset, outcome) in outcomes.enumerated() {
            BatchLine.write(outcome, line: chunk.firstLine + Int64(offset), to: &results)
            switch outcome {
            case .answered(let answer): if answer.matches { matched += 1 }
            case .invalid, .refused: errors += 1
            }
        }
        return (results, matched, errors)
    }

    /// Marks a batch whose every chunk has results done, with the digest of its whole result file.
    func finishBatch(_ id: String) async throws {
        var hash = SHA256()
        var bytes: Int64 = 0
        var after = -1
        while true {
            let page = try await batches.results(id, after: after, limit: 64)
            guard let last = page.last else { break }
            for (_, data) in page {
                hash.update(data: data)
                bytes += Int64(data.count)
            }
            after = last.index
        }
        try await batches.finish(
            id, digest: "sha-256=:" + Data(hash.finalize()).base64EncodedString() + ":", bytes: bytes, now: clock.nowMicros())
    }
}
