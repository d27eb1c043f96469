import Foundation
import RawStructuredFieldValues

/// One covered component of a signature (RFC 9421 §2): a derived component such as `@method`, or a
/// field by its lowercased name, possibly taken from the request an answer replies to (`;req`).
public struct CoveredComponent: Sendable, Hashable {
    public let name: String
    public let fromRequest: Bool

    public init(_ name: String, fromRequest: Bool = false) {
        self.name = name.lowercased()
        self.fromRequest = fromRequest
    }

    var item: Item {
        var parameters = OrderedMap<String, BareItem>()
        if fromRequest { parameters["req"] = .bool(true) }
        return Item(bareItem: .string(name), parameters: parameters)
    }
}

/// The parameters of one signature: what it covers and when, with which key, and its nonce.
public struct SignatureParameters: Sendable, Equatable {
    public var components: [CoveredComponent]
    public var created: Int?
    public var expires: Int?
    public var nonce: String?
    public var keyId: String?
    public var algorithm: String?
    public var tag: String?
    /// The parameters exactly as a received `Signature-Input` had them: the base repeats them in the
    /// signer's order, which need not be ours.
    var received: InnerList?

    public init(
        components: [CoveredComponent], created: Int? = nil, expires: Int? = nil, nonce: String? = nil, keyId: String? = nil,
        algorithm: String? = nil, tag: String? = nil
    ) {
        self.components = components
        self.created = created
        self.expires = expires
        self.nonce = nonce
        self.keyId = keyId
        self.algorithm = algorithm
        self.tag = tag
    }

    /// As `Signature-Input` holds it and as the base's last line repeats it.
    var innerList: InnerList {
        if let received { return received }
        var list = BareInnerList()
        for component in components { list.append(component.item) }
        var parameters = OrderedMap<String, BareItem>()
        if let created { parameters["created"] = .integer(created) }
        if let expires { parameters["expires"] = .integer(expires) }
        if let nonce { parameters["nonce"] = .string(nonce) }
        if let keyId { parameters["keyid"] = .string(keyId) }
        if let algorithm { parameters["alg"] = .string(algorithm) }
        if let tag { parameters["tag"] = .string(tag) }
        return InnerList(bareInnerList: list, parameters: parameters)
    }

    func serialized() throws(SignatureFailure) -> String {
        let direct = if let received { InnerListWriter.text(received) } else { InnerListWriter.text(self) }
        if let direct { return direct }
        var serializer = StructuredFieldValueSerializer()
        guard let bytes = try? serializer.writeListFieldValue([.innerList(innerList)]) else {
            throw .malformed("the signature's parameters cannot be written as a structured field")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads one member of `Signature-Input`.
    init(_ member: ItemOrInnerList) throws(SignatureFailure) {
        guard case .innerList(let list) = member else { throw .malformed("Signature-Input: a member is not an inner list") }
        var components: [CoveredComponent] = []
        for item in list.bareInnerList {
            guard case .string(let name) = item.bareItem else { throw .malformed("Signature-Input: a component is not a string") }
            var fromRequest = false
            for (key, value) in item.parameters {
                guard key == "req", case .bool(true) = value else {
                    throw .malformed("Signature-Input: component parameter \(key) is not supported")
                }
                fromRequest = true
            }
            let component = CoveredComponent(name, fromRequest: fromRequest)
            guard !components.contains(component) else { throw .malformed("Signature-Input: \(name) is covered twice") }
            components.append(component)
        }
        self.init(components: components)
        received = list
        for (key, value) in list.parameters {
            switch (key, value) {
            case ("created", .integer(let n)): created = n
            case ("expires", .integer(let n)): expires = n
            case ("nonce", .string(let s)): nonce = s
            case ("keyid", .string(let s)): keyId = s
            case ("alg", .string(let s)): algorithm = s
            case ("tag", .string(let s)): tag = s
            default: throw .malformed("Signature-Input: parameter \(key) is unknown or of the wrong type")
            }
        }
    }
}

/// The signature base (RFC 9421 §2.5): one line per covered component, `"name": value`, then the
/// parameters. What is signed and what is verified are the same bytes, made here.
enum SignatureBase {
    static func make(_ parameters: SignatureParameters, message: HTTPMessage, request: HTTPMessage?) throws(SignatureFailure) -> String {
        var lines: [String] = []
        for component in parameters.components {
            let source: HTTPMessage
            if component.fromRequest {
                guard let request else { throw .missingComponent("\(component.name);req: there is no request") }
                source = request
            } else {
                source = message
            }
            let value = try Self.value(component.name, of: source)
            lines.append("\"\(component.name)\"\(component.fromRequest ? ";req" : ""): \(value)")
        }
        lines.append("\"@signature-params\": " + (try parameters.serialized()))
        return lines.joined(separator: "\n")
    }

    static func value(_ name: String, of message: HTTPMessage) throws(SignatureFailure) -> String {
        guard name.hasPrefix("@") else {
            guard let value = message.field(name) else { throw .missingComponent(name) }
            return value
        }
        switch (name, message.kind) {
        case ("@status", .response(let status)): return String(status)
        case ("@method", .request(let method, _)): return method
        case ("@target-uri", .request(_, let uri)): return uri
        case (_, .request(_, let uri)):
            let parts = try TargetURI(uri)
            switch name {
            case "@authority": return parts.authority
            case "@scheme": return parts.scheme
            case "@path": return parts.path
            case "@query": return "?" + parts.query
            case "@request-target": return parts.path + (parts.query.isEmpty ? "" : "?" + parts.query)
            default: throw .malformed("component \(name) is not supported")
            }
        default: throw .missingComponent(name)
        }
    }
}

/// The parts of an absolute target URI that derived components name, as RFC 9421 §2.2 normalises them.
struct TargetURI {
    let scheme: String, authority: String, path: String, query: String

    init(_ uri: String) throws(SignatureFailure) {
        guard let schemeEnd = uri.range(of: "://") else { throw .malformed("@target-uri is not absolute") }
        scheme = uri[..<schemeEnd.lowerBound].lowercased()
        let rest = uri[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd].lowercased()
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        guard !authority.isEmpty else { throw .malformed("@target-uri has no authority") }
        self.authority = authority
        let afterAuthority = rest[authorityEnd...].prefix { $0 != "#" }
        if let mark = afterAuthority.firstIndex(of: "?") {
            path = afterAuthority[..<mark].isEmpty ? "/" : String(afterAuthority[..<mark])
            query = String(afterAuthority[afterAuthority.index(after: mark)...])
        } else {
            path = afterAuthority.isEmpty ? "/" : String(afterAuthority)
            query = ""
        }
    }
}
