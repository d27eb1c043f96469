import DanCuCore
import DanCuExchange
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Batch verification under `/x/v1/verify/batches`, behind the signature middleware: lines stream in
/// (checked against the signed `Content-Digest` as they arrive), the job is followed by its id, and its
/// results stream out, signed with the digest worked out when it finished.
enum BatchRoutes {
    static func add(to x: RouterGroup<AppContext>, _ services: Services) {
        x.post("/verify/batches") { request, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            guard let promised = context.promisedDigest else {
                throw HTTPError(.internalServerError, message: "the batch arrived without the digest its signature covers")
            }
            guard isNDJSON(request.headers[.contentType]) else {
                throw Problem(
                    .unsupportedMediaType, "not-ndjson", "The body is not NDJSON",
                    detail: "send Content-Type: application/x-ndjson, one verify question (a JSON object) a line")
            }
            let job = try await gateway.receiveBatch(request.body.map { Array($0.readableBytesView) }, digest: promised, for: caller)
            return try Handling.json(BatchJSON(job), status: .accepted, headers: [.location: "/x/v1/verify/batches/\(job.id)"])
        }
        x.get("/verify/batches/:id") { _, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            return try Handling.json(BatchJSON(try await gateway.batch(context.parameters.get("id") ?? "", for: caller)))
        }
        x.get("/verify/batches/:id/results") { _, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            let (job, digest) = try await gateway.batchResults(context.parameters.get("id") ?? "", for: caller)
            let body = ResponseBody(contentLength: job.resultBytes.map(Int.init)) { writer in
                var after = -1
                while true {
                    let page = try await gateway.batchResultChunks(job, after: after)
                    guard let last = page.last else { break }
                    for chunk in page { try await writer.write(ByteBuffer(bytes: chunk.data)) }
                    after = last.index
                }
                try await writer.finish(nil)
            }
            // The middleware signs the answer with this digest instead of collecting a file of millions of lines.
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson", ExchangeSignatureMiddleware.contentDigest: digest], body: body)
        }
    }

    static func isNDJSON(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return type == "application/x-ndjson" || type == "application/jsonl"
    }
}

/// A batch as the API writes it: where it stands, never a person's data.
struct BatchJSON: Encodable {
    let id: String
    let status: String
    let lines: Int64
    let processed: Int64
    let matched: Int64
    let errors: Int64
    let failure: String?
    let createdAt: String
    let finishedAt: String?
    let expiresAt: String?
    let results: String?

    init(_ job: BatchJob) {
        id = job.id
        status = job.status.rawValue
        lines = job.lines
        processed = job.processed
        matched = job.matched
        errors = job.errors
        failure = job.failure
        createdAt = Self.time(job.createdAt)
        finishedAt = job.finishedAt.map(Self.time)
        expiresAt = job.expiresAt.map(Self.time)
        results = job.status == .done && job.resultDigest != nil ? "/x/v1/verify/batches/\(job.id)/results" : nil
    }

    static func time(_ micros: Int64) -> String {
        UTCInstant.text(micros: micros)
    }
}
