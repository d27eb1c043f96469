public import DanCuCore

/// Why the gateway did not accept a member's message before any policy was judged: each reason is its
/// own problem type, so a member's program can tell a clock out of step from a replay or a revoked key.
/// Nothing in it is about a person.
public enum ExchangeRefusal: Error, Equatable, Sendable {
    case signature(SignatureFailure)
    case digest(ContentDigest.Failure)
    case missingDigest
    case nonceReplayed
    case keyRevoked(String)
    case memberDisabled(String)
    case badRequest(field: String, detail: String)
    /// The gateway cannot sign answers (no keys in this installation).
    case unavailable
}

extension ExchangeRefusal: Refusal {
    public var status: Int {
        switch self {
        case .signature, .digest, .missingDigest, .nonceReplayed, .keyRevoked: 401
        case .memberDisabled: 403
        case .badRequest: 400
        case .unavailable: 503
        }
    }

    public var slug: String {
        switch self {
        case .signature(.tooOld), .signature(.inTheFuture), .signature(.expired): "exchange-signature-time"
        case .signature(.unknownKey): "exchange-unknown-key"
        case .signature: "exchange-signature"
        case .digest, .missingDigest: "exchange-content-digest"
        case .nonceReplayed: "exchange-nonce-replayed"
        case .keyRevoked: "exchange-key-revoked"
        case .memberDisabled: "exchange-member-disabled"
        case .badRequest: "bad-request"
        case .unavailable: "exchange-unavailable"
        }
    }

    public var title: String {
        switch self {
        case .signature(.tooOld), .signature(.inTheFuture), .signature(.expired): "The signature is not fresh"
        case .signature(.unknownKey): "The signing key is not registered"
        case .signature: "The message signature is not accepted"
        case .digest, .missingDigest: "The content digest is not accepted"
        case .nonceReplayed: "The nonce was used before"
        case .keyRevoked: "The signing key is revoked"
        case .memberDisabled: "The member system is disabled"
        case .badRequest: "The request is not valid"
        case .unavailable: "The exchange gateway is not available"
        }
    }

    public var violations: [RuleViolation] {
        switch self {
        case .signature(.notCovered), .signature(.missingComponent), .signature(.missingParameter), .signature(.malformed),
            .signature(.missingSignature):
            [RuleViolation(field: "Signature-Input", rule: "rfc9421", detail: description)]
        case .digest, .missingDigest: [RuleViolation(field: "Content-Digest", rule: "rfc9530", detail: description)]
        case .badRequest(let field, let detail): [RuleViolation(field: field, rule: "exchange", detail: detail)]
        default: []
        }
    }

    public var headers: [String: String] {
        status == 401 ? ["WWW-Authenticate": #"Signature realm="dancu-exchange""#] : [:]
    }

    public var description: String {
        switch self {
        case .signature(let failure): failure.description
        case .digest(let failure): failure.description
        case .missingDigest: "a request with content must carry Content-Digest (RFC 9530), covered by the signature"
        case .nonceReplayed: "this key signed a message with this nonce before: sign each request with a new nonce"
        case .keyRevoked(let kid): "the key \(kid) is revoked"
        case .memberDisabled(let code): "the member system \(code) is disabled"
        case .badRequest(_, let detail): detail
        case .unavailable: "this installation has no exchange signing key (no master key in the data directory)"
        }
    }
}
