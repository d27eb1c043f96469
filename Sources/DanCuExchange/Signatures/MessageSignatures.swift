public import Foundation
import RawStructuredFieldValues

/// Why a message's signature was not accepted; each names its reason, for a 401 that says which check
/// failed and nothing else.
public enum SignatureFailure: Error, Equatable, CustomStringConvertible {
    case missingSignature
    case malformed(String)
    case notCovered(String)
    case missingComponent(String)
    case missingParameter(String)
    case unknownKey(String)
    case algorithmMismatch(given: String, key: String)
    case tooOld(createdSecondsAgo: Int)
    case inTheFuture(seconds: Int)
    case expired
    case badSignature

    public var description: String {
        switch self {
        case .missingSignature: "the message carries no Signature and Signature-Input with the same label"
        case .malformed(let why): why
        case .notCovered(let component): "the signature does not cover \(component)"
        case .missingComponent(let component): "the message has no \(component), which the signature covers"
        case .missingParameter(let parameter): "the signature has no \(parameter) parameter"
        case .unknownKey(let keyId): "no active key \(keyId)"
        case .algorithmMismatch(let given, let key): "the signature says \(given), the key is \(key)"
        case .tooOld(let seconds): "the signature was created \(seconds) s ago, more than the window allows"
        case .inTheFuture(let seconds): "the signature was created \(seconds) s in the future"
        case .expired: "the signature has expired"
        case .badSignature: "the signature does not verify"
        }
    }
}

/// Signs messages with HTTP Message Signatures (RFC 9421).
public struct MessageSigner: Sendable {
    public let key: SigningKey
    public let keyId: String

    public init(key: SigningKey, keyId: String) {
        self.key = key
        self.keyId = keyId
    }

    /// The `Signature-Input` and `Signature` fields for `message` (an answer names the `request` it
    /// replies to, for its `;req` components).
    public func sign(
        _ message: HTTPMessage, request: HTTPMessage? = nil, covering components: [CoveredComponent], created: Int,
        nonce: String? = nil, label: String = "sig1"
    ) throws -> (signatureInput: String, signature: String) {
        let signed = try signWithBase(message, request: request, covering: components, created: created, nonce: nonce, label: label)
        return (signed.signatureInput, signed.signature)
    }

    /// The same, with the signature base that was signed, for the message log.
    public func signWithBase(
        _ message: HTTPMessage, request: HTTPMessage? = nil, covering components: [CoveredComponent], created: Int,
        nonce: String? = nil, label: String = "sig1"
    ) throws -> (signatureInput: String, signature: String, base: String) {
        let parameters = SignatureParameters(
            components: components, created: created, nonce: nonce, keyId: keyId,
            algorithm: key.algorithm.rawValue)
        let base = try SignatureBase.make(parameters, message: message, request: request)
        let signature = try key.signature(for: Data(base.utf8))
        return ("\(label)=" + (try parameters.serialized()), "\(label)=:" + signature.base64EncodedString() + ":", base)
    }
}

/// Verifies a message's signature against the keys a resolver knows, under a policy of what it must
/// cover and how fresh it must be.
public struct MessageVerifier: Sendable {
    public struct Policy: Sendable {
        public var required: [CoveredComponent]
        public var requiredParameters: Set<String>
        /// How far `created` may lie from now, either way.
        public var window: Int

        public init(required: [CoveredComponent], requiredParameters: Set<String> = ["created", "keyid"], window: Int = 60) {
            self.required = required
            self.requiredParameters = requiredParameters
            self.window = window
        }
    }

    /// What a verified signature said.
    public struct Verified: Sendable {
        public let label: String
        public let parameters: SignatureParameters
        /// The bytes that were signed, for the message log.
        public let base: String
        public let signature: Data
    }

    public let policy: Policy

    public init(policy: Policy) {
        self.policy = policy
    }

    public func verify(
        _ message: HTTPMessage, request: HTTPMessage? = nil, now: Int,
        key: (String) -> VerificationKey?
    ) throws(SignatureFailure) -> Verified {
        try verify(try Self.cite(message), message: message, request: request, now: now, key: key)
    }

    /// The message's first signature, read from its `Signature-Input` and `Signature` once: its key is
    /// looked up before the signature is verified, without reading the fields twice.
    public struct Cited: Sendable {
        public let label: String
        public let parameters: SignatureParameters
        public let signature: Data
    }

    public static func cite(_ message: HTTPMessage) throws(SignatureFailure) -> Cited {
        guard let inputField = message.field("signature-input"), let signatureField = message.field("signature") else {
            throw .missingSignature
        }
        let inputs = try Self.dictionary(inputField, "Signature-Input")
        let signatures = try Self.dictionary(signatureField, "Signature")
        guard let (label, member) = inputs.first(where: { signatures[$0.0] != nil }), let signed = signatures[label] else {
            throw .missingSignature
        }
        guard case .item(let item) = signed, case .undecodedByteSequence(let encoded) = item.bareItem,
            let signature = Data(base64Encoded: encoded)
        else { throw .malformed("Signature: \(label) is not a byte sequence") }
        return Cited(label: label, parameters: try SignatureParameters(member), signature: signature)
    }

    public func verify(
        _ cited: Cited, message: HTTPMessage, request: HTTPMessage? = nil, now: Int,
        key: (String) -> VerificationKey?
    ) throws(SignatureFailure) -> Verified {
        let parameters = cited.parameters
        for component in policy.required where !parameters.components.contains(component) {
            throw .notCovered(component.name + (component.fromRequest ? ";req" : ""))
        }
        if policy.requiredParameters.contains("created") && parameters.created == nil { throw .missingParameter("created") }
        if policy.requiredParameters.contains("nonce") && parameters.nonce == nil { throw .missingParameter("nonce") }
        if let created = parameters.created {
            if now - created > policy.window { throw .tooOld(createdSecondsAgo: now - created) }
            if created - now > policy.window { throw .inTheFuture(seconds: created - now) }
        }
        if let expires = parameters.expires, expires < now { throw .expired }
        guard let keyId = parameters.keyId else { throw .missingParameter("keyid") }
        guard let verificationKey = key(keyId) else { throw .unknownKey(keyId) }
        if let given = parameters.algorithm, given != verificationKey.algorithm.rawValue {
            throw .algorithmMismatch(given: given, key: verificationKey.algorithm.rawValue)
        }
        let base = try SignatureBase.make(parameters, message: message, request: request)
        guard verificationKey.isValid(cited.signature, for: Data(base.utf8)) else { throw .badSignature }
        return Verified(label: cited.label, parameters: parameters, base: base, signature: cited.signature)
    }

    /// The `keyid` of the message's first signature, before the key is looked up (a lookup may need the
    /// database, which `verify`'s resolver cannot wait for).
    public static func citedKeyId(_ message: HTTPMessage) throws(SignatureFailure) -> String {
        guard let keyId = try cite(message).parameters.keyId else { throw .missingParameter("keyid") }
        return keyId
    }

    static func dictionary(_ text: String, _ field: String) throws(SignatureFailure) -> OrderedMap<String, ItemOrInnerList> {
        do {
            return try StructuredDictionary.parse(text)
        } catch {
            throw .malformed("\(field) is not a structured dictionary")
        }
    }
}
