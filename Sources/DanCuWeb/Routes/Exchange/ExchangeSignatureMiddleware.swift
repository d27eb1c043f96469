import DanCuCore
import DanCuExchange
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The exchange gateway's boundary for `/x/v1`: every request must carry a member's valid signature
/// (RFC 9421) before any route runs; every answer, a refusal too, leaves signed by DanCu and bound to
/// the request, and both go to the message log with the outcome. Only DanCu's public keys are open.
struct ExchangeSignatureMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let gateway: ExchangeGateway?
    let metrics: WebMetrics
    static let prefix = "/x/v1/"
    static let open: Set<String> = ["/x/v1/keys"]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = context.endpointPath ?? request.uri.path
        guard path.hasPrefix(Self.prefix) || request.uri.path.hasPrefix(Self.prefix), !Self.open.contains(path) else {
            return try await next(request, context)
        }
        guard let gateway else { throw ExchangeRefusal.unavailable }
        let started = ContinuousClock.now
        var request = request
        // A batch's lines stream in, millions of them: its route checks them against the signed digest as
        // they arrive. Every other request is small and checked whole before any route runs.
        let streamed = request.method == .post && path == Self.batchUpload
        let body = streamed ? nil : Array(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        let target = Self.targetURI(request)
        let message = HTTPMessage(
            .request(method: request.method.rawValue, targetURI: target), fields: request.headers.map { ($0.name.canonicalName, $0.value) })
        var accepted: ExchangeGateway.Authenticated?
        var response: Response
        var outcome = "ok"
        do {
            let authenticated = try await gateway.authenticate(
                message, body: body, requestId: context.requestId, leavingTheNonceClaim: Self.changesNothing(request.method, path))
            accepted = authenticated
            var context = context
            context.member = authenticated.caller
            context.promisedDigest = authenticated.promised
            context.logger[metadataKey: "member"] = .string(authenticated.caller.subsystem.identifier)
            response = try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            outcome = "\(problem.type): \(problem.detail)"
            response = problem.response()
        }
        let outgoing = OutgoingAnswer(gateway: gateway, request: request, message: message, target: target, path: path, requestId: context.requestId)
        if let sent = try await outgoing.answer(response, outcome: outcome, accepted: accepted, started: started, metrics: metrics) { return sent }
        // The nonce claimed with the answer's line had been claimed before: the answer does not leave.
        let problem = Problem.from(ExchangeRefusal.nonceReplayed)
        let refusal = try await outgoing.answer(
            problem.response(), outcome: "\(problem.type): \(problem.detail)", accepted: nil, started: started, metrics: metrics)
        guard let refusal else { throw ExchangeRefusal.nonceReplayed }
        return refusal
    }

    static let verify = "/x/v1/verify"

    /// A verification, or a read of a person's data: requests that change nothing, whose nonce is
    /// claimed with their message-log line.
    static func changesNothing(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        switch method {
        case .post: path == verify
        case .get: path == "/x/v1/persons/{number}" || path == "/x/v1/persons/:number"
        default: false
        }
    }
    static let batchUpload = "/x/v1/verify/batches"
    static let contentDigest = HTTPField.Name("Content-Digest")!

    /// The service a path belongs to, as traffic is counted.
    static func service(of path: String) -> String {
        switch path {
        case Self.verify: "verify"
        case "/x/v1/verify/batches", "/x/v1/verify/batches/{id}", "/x/v1/verify/batches/:id", "/x/v1/verify/batches/{id}/results",
            "/x/v1/verify/batches/:id/results":
            "verify-batch"
        case "/x/v1/persons/{number}", "/x/v1/persons/:number": "person-data"
        case "/x/v1/events": "events"
        case "/x/v1/persons/{number}/records", "/x/v1/persons/:number/records": "linked-records"
        default:
            path.hasPrefix("/x/v1/subscriptions")
                ? "subscriptions" : path.hasSuffix("/records") ? "linked-records" : path.hasPrefix("/x/v1/persons/") ? "person-data" : "other"
        }
    }

    /// The request's target as the member addressed it: the scheme a proxy in front says it served
    /// (`X-Forwarded-Proto`), else http; the `Host`; the path and query as sent.
    static func targetURI(_ request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!].map { $0.lowercased() == "https" ? "https" : "http" } ?? "http"
        let authority = request.head.authority ?? "localhost"
        return "\(scheme)://\(authority)\(request.uri.description)"
    }

    static func collect(_ body: ResponseBody) async throws -> [UInt8] {
        let sink = ByteSink()
        try await body.write(CollectingWriter(sink: sink))
        return sink.bytes
    }
}

/// One request's answer on its way out: signed, bound to the request, counted and logged.
private struct OutgoingAnswer {
    let gateway: ExchangeGateway
    let request: Request
    let message: HTTPMessage
    let target: String
    let path: String
    let requestId: String

    /// The answer as it leaves, once its message-log line committed; nil when the nonce its line claimed
    /// had been claimed before (`accepted.unclaimedNonce`): then nothing of it was logged or sent.
    func answer(
        _ response: Response, outcome: String, accepted: ExchangeGateway.Authenticated?, started: ContinuousClock.Instant, metrics: WebMetrics
    ) async throws -> Response? {
        var headers = response.headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        // A route that streams a large answer (a batch's results) digested it before; the rest are collected.
        let digested = headers[ExchangeSignatureMiddleware.contentDigest]
        headers[ExchangeSignatureMiddleware.contentDigest] = nil
        let answerBody = digested == nil ? try await ExchangeSignatureMiddleware.collect(response.body) : nil
        let answer = HTTPMessage(.response(status: Int(response.status.code)), fields: headers.map { ($0.name.canonicalName, $0.value) })
        let signed =
            if let digested {
                try await gateway.sign(answer, digest: digested, request: accepted == nil ? nil : message)
            } else {
                try await gateway.sign(answer, body: answerBody ?? [], request: accepted == nil ? nil : message)
            }
        for (name, value) in signed.fields {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
        let elapsed = ContinuousClock.now - started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let service = ExchangeSignatureMiddleware.service(of: path)
        let logged = try await gateway.messages.append(
            MessageLog.Entry(
                at: gateway.clock.nowMicros(), requestId: requestId, subsystem: accepted?.caller.subsystem,
                keyId: accepted?.caller.keyId, method: request.method.rawValue, target: target, status: Int(response.status.code),
                outcome: String(outcome.prefix(500)), requestBase: accepted?.verified.base,
                requestSignature: accepted.map { $0.verified.signature.base64EncodedString() }, responseBase: signed.base,
                responseSignature: signed.signature, service: service, durationMicros: micros),
            claiming: accepted?.unclaimedNonce)
        guard logged else { return nil }
        metrics.recordExchange(
            member: accepted?.caller.subsystem.identifier ?? "-", service: service, status: Int(response.status.code), duration: elapsed)
        guard let answerBody else { return Response(status: response.status, headers: headers, body: response.body) }
        return Response(status: response.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answerBody)))
    }
}

/// Where a response's bytes are gathered to be digested and signed before they leave.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private struct CollectingWriter: ResponseBodyWriter {
    let sink: ByteSink
    mutating func write(_ buffer: ByteBuffer) async throws { sink.bytes += buffer.readableBytesView }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
