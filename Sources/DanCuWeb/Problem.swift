import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuRegister
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

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
        Problem(status, "invalid-request", "The request is not valid", detail: "\(field): \(detail)",
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
    /// Maps anything a handler may throw to the problem a client should see. Unknown errors become a
    /// 500 that says nothing of the internals; the request id ties it to the log line.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as AccessError:
            return from(access: error)
        case let error as RegisterError:
            return from(register: error)
        case let error as CardError:
            return from(card: error)
        case let error as EIDError:
            return from(eid: error)
        case let failure as OAuthFailure:
            return badField("body", failure.error.detail)
        case let error as DecodingError:
            return from(decoding: error)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, "too-large", "Body too large", detail: "the body is larger than 1 MiB")
        case let error as HTTPError:
            return Problem(error.status, "http-\(error.status.code)", error.status.reasonPhrase,
                           detail: error.body ?? error.status.reasonPhrase)
        default:
            return Problem(.internalServerError, "internal", "Internal error",
                           detail: "the server could not complete the request; quote the request id when reporting it")
        }
    }

    static func from(access error: AccessError) -> Problem {
        switch error {
        case .unauthenticated(let why):
            var p = Problem(.unauthorized, "unauthenticated", "Authentication needed", detail: why)
            p.headers[.wwwAuthenticate] = #"Bearer realm="dancu""#
            return p
        case .secondFactor(let why):
            var p = badField("totp", why, status: .unauthorized)
            p.headers[.wwwAuthenticate] = #"Bearer realm="dancu""#
            return p
        case .throttled(let until):
            var p = Problem(.tooManyRequests, "sign-in-throttled", "Too many failed sign-ins", detail: error.description)
            p.headers[.retryAfter] = String(max(1, (until - WallClock.nowMicros()) / 1_000_000))
            return p
        case .forbidden(let why):
            return Problem(.forbidden, "forbidden", "Not allowed", detail: why)
        case .invalid(let field, let detail):
            let status: HTTPResponse.Status = field == "Idempotency-Key" && detail.contains("different") ? .unprocessableContent : .badRequest
            return badField(field, detail, status: status)
        case .officerNotFound:
            return Problem(.notFound, "not-found", "Not found", detail: error.description)
        case .officerExists:
            return Problem(.conflict, "conflict", "Already exists", detail: error.description)
        case .preconditionRequired(let why):
            return Problem(HTTPResponse.Status(code: 428, reasonPhrase: "Precondition Required"), "precondition-required",
                           "If-Match is required", detail: why, errors: [FieldError(field: "If-Match", rule: "required", detail: why)])
        }
    }

    static func from(register error: RegisterError) -> Problem {
        switch error {
        case .personNotFound, .householdNotFound:
            return Problem(.notFound, "not-found", "Not found", detail: error.description)
        case .versionConflict:
            return Problem(.preconditionFailed, "version-conflict", "The record changed", detail: error.description,
                           errors: [FieldError(field: "If-Match", rule: "stale", detail: error.description)])
        case .duplicate(let violation):
            return Problem(.conflict, "duplicate", "Already registered", detail: error.description,
                           errors: [FieldError(field: violation.field, rule: violation.rule, detail: violation.detail)])
        case .invalid(let violations):
            return Problem(.unprocessableContent, "rule-violation", "The register's rules refuse this", detail: error.description,
                           errors: violations.map { FieldError(field: $0.field, rule: $0.rule, detail: $0.detail) })
        }
    }

    static func from(eid error: EIDError) -> Problem {
        switch error {
        case .authenticationFailed:
            var p = Problem(.unauthorized, "authentication-failed", "Sign-in failed", detail: error.description)
            p.headers[.wwwAuthenticate] = #"Bearer realm="dancu-me""#
            return p
        case .accountLocked:
            return Problem(HTTPResponse.Status(code: 423, reasonPhrase: "Locked"), "eid-locked", "The eID account is locked", detail: error.description)
        case .accountNotFound:
            return Problem(.notFound, "not-found", "Not found", detail: error.description)
        case .conflict:
            return Problem(.conflict, "eid-conflict", "The eID account cannot do this now", detail: error.description)
        case .invalid(let violations):
            return Problem(.unprocessableContent, "rule-violation", "The eID rules refuse this", detail: error.description,
                           errors: violations.map { FieldError(field: $0.field, rule: $0.rule, detail: $0.detail) })
        }
    }

    static func from(card error: CardError) -> Problem {
        switch error {
        case .cardNotFound:
            return Problem(.notFound, "not-found", "Not found", detail: error.description)
        case .conflict:
            return Problem(.conflict, "card-conflict", "The card cannot do this now", detail: error.description)
        case .unavailable:
            return Problem(.serviceUnavailable, "cards-unavailable", "No card office here", detail: error.description)
        case .versionConflict:
            return Problem(.preconditionFailed, "version-conflict", "The card changed", detail: error.description,
                           errors: [FieldError(field: "If-Match", rule: "stale", detail: error.description)])
        case .invalid(let violations):
            return Problem(.unprocessableContent, "rule-violation", "The card office's rules refuse this", detail: error.description,
                           errors: violations.map { FieldError(field: $0.field, rule: $0.rule, detail: $0.detail) })
        }
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
            let detail = field == "body" && foundation ? "is not valid JSON"
                : foundation ? "is not one of the values this field takes" : context.debugDescription
            return badField(field, detail)
        @unknown default:
            return badField("body", "cannot be read")
        }
    }
}
