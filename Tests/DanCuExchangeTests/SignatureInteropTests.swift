import Crypto
import DanCuExchange
import DanCuTestSupport
import Foundation
import Testing

/// Signatures checked by a member system's own library: `Tests/interop/http_signatures.py`
/// (http-message-signatures and cryptography from PyPI). Runs when DANCU_INTEROP_PYTHON names a Python
/// that has them, as `.ci/run` sets up; otherwise the run says it was skipped.
@Suite struct SignatureInteropTests {
    static var python: String? { InteropPython.python }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("interop/http_signatures.py").path
    static let covers: [CoveredComponent] = ["@method", "@target-uri", "content-digest", "dancu-purpose", "dancu-legal-basis"].map { CoveredComponent($0) }

    static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try InteropPython.run(python, script: script, arguments)
    }

    @Test(arguments: ["ed25519", "ecdsa-p256-sha256"])
    func weVerifyWhatTheirLibrarySigns(algorithm: String) throws {
        guard let python = Self.python else {
            print("NOTE: RFC 9421 interop check SKIPPED: DANCU_INTEROP_PYTHON is not set")
            return
        }
        let (status, output) = try Self.run(python, ["sign", algorithm])
        try #require(status == 0, "\(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let raw = try #require(Data(base64Encoded: json["publicKey"] as? String ?? ""))
        let key: VerificationKey =
            algorithm == "ed25519"
            ? .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: raw)) : .p256(try P256.Signing.PublicKey(x963Representation: raw))
        let fields = (json["headers"] as? [[String]] ?? []).compactMap { $0.count == 2 ? (name: $0[0], value: $0[1]) : nil }
        let message = HTTPMessage(.request(method: json["method"] as? String ?? "", targetURI: json["url"] as? String ?? ""), fields: fields)
        let body = try #require(Data(base64Encoded: json["body"] as? String ?? ""))
        let verifier = MessageVerifier(policy: .init(required: Self.covers))
        let verified = try verifier.verify(message, now: Int(Date().timeIntervalSince1970)) { $0 == "member-key-1" ? key : nil }
        #expect(verified.parameters.algorithm == algorithm)
        try ContentDigest.verify(try #require(message.field("content-digest")), body: body)
        #expect(throws: ContentDigest.Failure.self) { try ContentDigest.verify(message.field("content-digest") ?? "", body: body + Data("x".utf8)) }
    }

    @Test(arguments: [SigningKey.ed25519(.init()), .p256(.init())])
    func theirLibraryVerifiesWhatWeSignAndRefusesItTampered(key: SigningKey) throws {
        guard let python = Self.python else {
            print("NOTE: RFC 9421 interop check SKIPPED: DANCU_INTEROP_PYTHON is not set")
            return
        }
        let body = Data(#"{"personalNumber":"001080000201"}"#.utf8)
        let message = HTTPMessage(
            .request(method: "POST", targetURI: "https://dancu.example/x/v1/verify"),
            fields: [
                ("Content-Type", "application/json"), ("Content-Digest", ContentDigest.header(for: body)),
                ("DanCu-Purpose", "identity-verification"), ("DanCu-Legal-Basis", "26/2023/QH15 art. 10"),
            ])
        let (input, signature) = try MessageSigner(key: key, keyId: "dancu-exchange-1")
            .sign(message, covering: Self.covers, created: Int(Date().timeIntervalSince1970), nonce: "n-42")
        let raw: Data =
            switch key.verificationKey {
            case .ed25519(let k): k.rawRepresentation
            case .p256(let k): k.x963Representation
            }
        func check(_ fields: [(name: String, value: String)]) throws -> (status: Int32, output: String) {
            let document: [String: Any] = [
                "publicKey": raw.base64EncodedString(), "algorithm": key.algorithm.rawValue, "keyId": "dancu-exchange-1", "method": "POST",
                "url": "https://dancu.example/x/v1/verify", "headers": fields.map { [$0.name, $0.value] }, "body": body.base64EncodedString(),
            ]
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-sig-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try JSONSerialization.data(withJSONObject: document).write(to: file)
            return try Self.run(python, ["verify", file.path])
        }
        let fields = message.fields + [("Signature-Input", input), ("Signature", signature)]
        let good = try check(fields)
        #expect(good.status == 0 && good.output.contains("OK: \(key.algorithm.rawValue) signature by dancu-exchange-1"), "\(good.output)")
        var tampered = fields
        tampered[2].value = "law-enforcement"
        let bad = try check(tampered)
        #expect(bad.status == 1 && bad.output.contains("REFUSED"), "\(bad.output)")
    }
}
