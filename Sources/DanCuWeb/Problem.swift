import DanCuCore
import DanCuEID
import DanCuStore
import Foundation
public import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// An RFC 9457 problem: every error the API answers, with each bad field named.
public struct Problem: Error, Sendable, Encodable {
    public struct FieldError: Sendable, Encodable, Equatable {
        public let field: String
        public let rule: String
        public let detail: String
    }

    public let status: HTTPResponse.Status
    public let type: String
    public let title: String
    public let detail: String
    public let errors: [FieldError]
    /// Extra response headers (WWW-Authenticate, Retry-After).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ slug: String, _ title: String, detail: String, errors: [FieldError] = []) {
        self.status = status
        self.type = "/problems/" + slug
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    static func badField(_ field: String, _ detail: String, rule: String = "invalid", status: HTTPResponse.Status = .badRequest) -> Problem {
        Problem(
            status, "invalid-request", "The request is not valid", detail: "\(field): \(detail)",
            errors: [FieldError(field: field, rule: rule, detail: detail)])
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(Int(status.code), forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encode(errors, forKey: .errors)
    }

    func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data(#"{"title":"error"}"#.utf8)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Problem {
    /// Maps anything a handler may throw to the problem a client should see: a module's refusal says
    /// itself how (`Refusal`). Unknown errors become a 500 that says nothing of the internals; the
    /// request id ties it to the log line.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let refusal as any Refusal:
            return from(refusal: refusal)
        case let failure as OAuthFailure:
            return badField("body", failure.error.detail)
        case let error as DecodingError:
            return from(decoding: error)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, "too-large", "Body too large", detail: "the body is larger than 1 MiB")
        case let error as HTTPError:
            return Problem(
                error.status, "http-\(error.status.code)", error.status.reasonPhrase,
                detail: error.body ?? error.status.reasonPhrase)
        case let error as ServerError:
            return from(server: error)
        case StoreError.unavailable:
            var problem = Problem(
                .serviceUnavailable, "database-unavailable", "Database unavailable",
                detail: "the database did not answer in time (it may be failing over); try again shortly")
            problem.headers[.retryAfter] = "5"
            return problem
        default:
            return Problem(
                .internalServerError, "internal", "Internal error",
                detail: "the server could not complete the request; quote the request id when reporting it")
        }
    }

    static func from(refusal: any Refusal) -> Problem {
        let status = HTTPResponse.Status(code: refusal.status)
        var problem = Problem(
            status, refusal.slug, refusal.title, detail: refusal.description,
            errors: refusal.violations.map { FieldError(field: $0.field, rule: $0.rule, detail: $0.detail) })
        for (name, value) in refusal.headers {
            if let name = HTTPField.Name(name) { problem.headers[name] = value }
        }
        return problem
    }

    /// The generated API's errors: a handler's own error comes back as it was thrown; what the runtime
    /// refused before any handler ran (a missing header, an unreadable parameter) keeps the runtime's
    /// status and names the part it quoted.
    static func from(server error: ServerError) -> Problem {
        let inner = error.underlyingError
        let mapped = from(inner)
        guard mapped.status == .internalServerError, inner is any HTTPResponseConvertible, error.httpStatus != .internalServerError else {
            return mapped
        }
        let cause = error.causeDescription
        let quoted = cause.split(separator: "'", omittingEmptySubsequences: false)
        let field = cause.contains("named") && quoted.count >= 3 ? String(quoted[1]) : cause.contains("request body") ? "body" : "request"
        return Problem(
            error.httpStatus, "invalid-request", "The request is not valid", detail: cause,
            errors: [FieldError(field: field, rule: "invalid", detail: cause)])
    }

    /// What a JSON writer would call the type a member needed.
    static func jsonKind(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") { return "an array" }
        if name == "String" || name == "Substring" { return "a string" }
        if name == "Bool" { return "true or false" }
        if ["Int", "Int64", "Int32", "Double", "Float", "UInt8"].contains(name) { return "a number" }
        return "a value of another type"
    }

    static func from(decoding error: DecodingError) -> Problem {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return trimmed.isEmpty ? "body" : trimmed
        }
        switch error {
        case .keyNotFound(let key, let context):
            return badField(path(context.codingPath + [key]), "is required", rule: "required")
        case .typeMismatch(let type, let context):
            return badField(path(context.codingPath), "must be \(jsonKind(of: type))", rule: "type")
        case .valueNotFound(let type, let context):
            return badField(path(context.codingPath), "must be \(jsonKind(of: type)), not null", rule: "type")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            // Foundation's own words name Swift types ("Cannot initialize Sex from invalid String value");
            // the API's own types explain themselves.
            let foundation = context.debugDescription.hasPrefix("Cannot initialize") || context.debugDescription.contains("JSON")
            let detail =
                field == "body" && foundation
                ? "is not valid JSON"
                : foundation ? "is not one of the values this field takes" : context.debugDescription
            return badField(field, detail)
        @unknown default:
            return badField("body", "cannot be read")
        }
    }
}
