public import Crypto
public import DanCuAccess
public import DanCuCore
public import DanCuExchange
import Foundation

/// A member system for tests: social insurance (a ministry) or a bank, one subsystem, one Ed25519 key,
/// registered with a legal document and grants, and the signing of its requests as RFC 9421 has it.
public struct ExchangeMember: Sendable {
    public let subsystem: Subsystem
    public let keyId: String
    public let key: Curve25519.Signing.PrivateKey
    public let legalBasis: String

    public init(subsystem: Subsystem, keyId: String, key: Curve25519.Signing.PrivateKey, legalBasis: String) {
        self.subsystem = subsystem
        self.keyId = keyId
        self.key = key
        self.legalBasis = legalBasis
    }

    /// The law social insurance's grants rest on in the tests.
    public static let insuranceLaw = "41/2024/QH15"

    /// Registers `code/subsystem` of `kind` (the member too, when new) with a fresh key and the law `legalBasis` (in force from 2025).
    public static func register(
        _ gateway: ExchangeGateway, code: String = "BHXH", subsystem: String = "GIAM-DINH", kind: String = "ministry",
        legalBasis: String = insuranceLaw
    ) async throws -> ExchangeMember {
        // A second subsystem of a member registered before (social insurance's card office beside its claims).
        if try await gateway.members.name(of: code) == nil {
            let member = try MemberSystem(code: code, nameVietnamese: "Thành viên \(code)", nameEnglish: "Member \(code)", kind: kind)
            try await gateway.members.add(member, by: "admin")
        }
        let sub = try Subsystem(member: code, code: subsystem)
        try await gateway.members.add(sub, by: "admin")
        let key = Curve25519.Signing.PrivateKey()
        let keyId = "\(code.lowercased())-\(subsystem.lowercased())-1"
        try await gateway.members.add(keys: [.init(keyId: keyId, key: .ed25519(key.publicKey))], to: sub, by: "admin")
        if try await !gateway.grants.documents().contains(where: { $0.code == legalBasis }) {
            try await gateway.grants.add(
                try LegalDocument(
                    code: legalBasis, title: "Luật Bảo hiểm xã hội", article: "Điều 10", validFrom: try LocalDate(iso: "2025-07-01")), by: "admin")
        }
        return ExchangeMember(subsystem: sub, keyId: keyId, key: key, legalBasis: legalBasis)
    }

    /// The member's caller as the signature middleware would make it, for tests below HTTP.
    public func caller(purpose: String, legalBasis: String? = nil, consent: String? = nil, kind: MemberSystem.Kind = .ministry, requestId: String = "x-test")
        -> MemberCaller
    {
        MemberCaller(
            subsystem: subsystem, kind: kind, name: "Thành viên \(subsystem.member)", keyId: keyId, requestId: requestId, purpose: purpose,
            legalBasis: legalBasis ?? self.legalBasis, consent: consent)
    }

    /// The headers of a signed request: `Content-Digest` when there is a body, the purpose and legal
    /// basis, `Signature-Input` and `Signature` over what the gateway requires.
    public func signedHeaders(
        method: String, targetURI: String, body: [UInt8], purpose: String, legalBasis: String? = nil, consent: String? = nil,
        created: Int? = nil, nonce: String? = nil, signingKey: Curve25519.Signing.PrivateKey? = nil
    ) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            (ExchangeHeaders.purpose, purpose), (ExchangeHeaders.legalBasis, legalBasis ?? self.legalBasis),
        ]
        if let consent { fields.append((ExchangeHeaders.consent, consent)) }
        if !body.isEmpty {
            fields.append(("Content-Type", "application/json"))
            fields.append(("Content-Digest", ContentDigest.header(for: body)))
        }
        let signer = MessageSigner(key: .ed25519(signingKey ?? key), keyId: keyId)
        let message = HTTPMessage(.request(method: method, targetURI: targetURI), fields: fields)
        let (input, signature) = try signer.sign(
            message, covering: ExchangeGateway.requiredComponents(hasContent: !body.isEmpty),
            created: created ?? Int(Date().timeIntervalSince1970), nonce: nonce ?? "n-" + UUID().uuidString)
        return fields + [("Signature-Input", input), ("Signature", signature)]
    }
}
