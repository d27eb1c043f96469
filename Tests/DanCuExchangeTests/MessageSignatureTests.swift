import Crypto
import DanCuExchange
import Foundation
import Testing

/// RFC 9421 signatures and RFC 9530 digests as a member system's request and DanCu's answer carry them.
@Suite struct MessageSignatureTests {
    static let now = 1_796_000_000
    static let memberCovers: [CoveredComponent] = ["@method", "@target-uri", "content-digest", "dancu-purpose", "dancu-legal-basis"].map {
        CoveredComponent($0)
    }
    static let body = Data(#"{"personalNumber":"001080000201"}"#.utf8)

    static func request(digest: String = ContentDigest.header(for: body), purpose: String = "identity-verification") -> HTTPMessage {
        HTTPMessage(
            .request(method: "POST", targetURI: "https://dancu.example/x/v1/verify"),
            fields: [
                ("Content-Type", "application/json"), ("Content-Digest", digest), ("DanCu-Purpose", purpose),
                ("DanCu-Legal-Basis", "26/2023/QH15 art. 10"),
            ])
    }

    static func signed(_ message: HTTPMessage, by signer: MessageSigner, created: Int = now, covering: [CoveredComponent] = memberCovers) throws -> HTTPMessage
    {
        let (input, signature) = try signer.sign(message, covering: covering, created: created, nonce: "n-1")
        var signedMessage = message
        signedMessage.fields += [("Signature-Input", input), ("Signature", signature)]
        return signedMessage
    }

    static let verifier = MessageVerifier(policy: .init(required: memberCovers, requiredParameters: ["created", "keyid", "nonce"]))

    @Test(arguments: [SigningKey.ed25519(.init()), .p256(.init())])
    func aSignedRequestVerifiesAndSaysWhatItCovered(key: SigningKey) throws {
        let signer = MessageSigner(key: key, keyId: "bhxh-1")
        let verified = try Self.verifier.verify(try Self.signed(Self.request(), by: signer), now: Self.now + 5) { $0 == "bhxh-1" ? key.verificationKey : nil }
        #expect(verified.parameters.keyId == "bhxh-1" && verified.parameters.nonce == "n-1" && verified.parameters.components == Self.memberCovers)
        #expect(verified.base.hasPrefix("\"@method\": POST\n\"@target-uri\": https://dancu.example/x/v1/verify\n"))
        #expect(verified.base.contains("\"dancu-purpose\": identity-verification\n"))
    }

    @Test func eachFailedCheckIsNamed() throws {
        let key = SigningKey.ed25519(.init())
        let signer = MessageSigner(key: key, keyId: "bhxh-1")
        let keys: (String) -> VerificationKey? = { $0 == "bhxh-1" ? key.verificationKey : nil }
        let good = try Self.signed(Self.request(), by: signer)
        func failure(_ message: HTTPMessage, now: Int = Self.now, verifier: MessageVerifier = Self.verifier) -> SignatureFailure? {
            do {
                _ = try verifier.verify(message, now: now, key: keys)
                return nil
            } catch {
                return error
            }
        }
        var tampered = good
        tampered.fields[2].value = "law-enforcement"  // the purpose changed after signing
        #expect(failure(tampered) == .badSignature)
        #expect(failure(good, now: Self.now + 61) == .tooOld(createdSecondsAgo: 61))
        #expect(failure(good, now: Self.now - 61) == .inTheFuture(seconds: 61))
        #expect(failure(Self.request()) == .missingSignature)
        let other = MessageSigner(key: .ed25519(.init()), keyId: "revoked-or-unknown")
        #expect(failure(try Self.signed(Self.request(), by: other)) == .unknownKey("revoked-or-unknown"))
        let partial = try Self.signed(Self.request(), by: signer, covering: Array(Self.memberCovers.dropLast()))
        #expect(failure(partial) == .notCovered("dancu-legal-basis"))
        var garbled = good
        garbled.fields[garbled.fields.count - 2].value = "sig1=(\"@method\""
        #expect(failure(garbled) == .malformed("Signature-Input is not a structured dictionary"))
    }

    @Test func anAnswerIsBoundToTheRequestItAnswers() throws {
        let member = MessageSigner(key: .ed25519(.init()), keyId: "bhxh-1")
        let dancuKey = SigningKey.p256(.init())
        let dancu = MessageSigner(key: dancuKey, keyId: "dancu-exchange-1")
        let request = try Self.signed(Self.request(), by: member)
        let answerBody = Data(#"{"match":{"fullName":true}}"#.utf8)
        let answer = HTTPMessage(.response(status: 200), fields: [("Content-Digest", ContentDigest.header(for: answerBody))])
        let covers = [
            CoveredComponent("@status"), CoveredComponent("content-digest"), CoveredComponent("@method", fromRequest: true),
            CoveredComponent("@target-uri", fromRequest: true), CoveredComponent("signature", fromRequest: true),
        ]
        let (input, signature) = try dancu.sign(answer, request: request, covering: covers, created: Self.now)
        var signedAnswer = answer
        signedAnswer.fields += [("Signature-Input", input), ("Signature", signature)]
        let verifier = MessageVerifier(policy: .init(required: covers))
        let verified = try verifier.verify(signedAnswer, request: request, now: Self.now) { _ in dancuKey.verificationKey }
        #expect(verified.base.contains("\"signature\";req: sig1=:"))
        // The same answer shown as the answer to another request does not verify.
        let another = try Self.signed(Self.request(purpose: "public-service"), by: member)
        #expect(throws: SignatureFailure.badSignature) {
            try verifier.verify(signedAnswer, request: another, now: Self.now) { _ in dancuKey.verificationKey }
        }
    }

    @Test func derivedComponentsAreNormalisedAsTheRFCSays() throws {
        let key = SigningKey.ed25519(.init())
        let message = HTTPMessage(
            .request(method: "GET", targetURI: "HTTPS://DanCu.Example:443/x/v1/persons/001080000201?fields=fullName&x=1"),
            fields: [("X-Many", " a "), ("x-many", "b")])
        let covers = ["@authority", "@scheme", "@path", "@query", "@request-target", "x-many"].map { CoveredComponent($0) }
        let (input, signature) = try MessageSigner(key: key, keyId: "k").sign(message, covering: covers, created: Self.now)
        var signed = message
        signed.fields += [("Signature-Input", input), ("Signature", signature)]
        let base = try MessageVerifier(policy: .init(required: covers)).verify(signed, now: Self.now) { _ in key.verificationKey }.base
        #expect(
            base.hasPrefix(
                #"""
                "@authority": dancu.example
                "@scheme": https
                "@path": /x/v1/persons/001080000201
                "@query": ?fields=fullName&x=1
                "@request-target": /x/v1/persons/001080000201?fields=fullName&x=1
                "x-many": a, b
                "@signature-params": ("@authority" "@scheme" "@path" "@query" "@request-target" "x-many");created=1796000000;keyid="k";alg="ed25519"
                """#))
    }

    @Test func theContentDigestIsChecked() throws {
        try ContentDigest.verify(ContentDigest.header(for: Self.body), body: Self.body)
        #expect(throws: ContentDigest.Failure.mismatch(algorithm: "sha-256")) {
            try ContentDigest.verify(ContentDigest.header(for: Self.body), body: Data("{}".utf8))
        }
        #expect(throws: ContentDigest.Failure.noKnownAlgorithm) { try ContentDigest.verify("md5=:AAAA:", body: Self.body) }
        #expect(throws: ContentDigest.Failure.malformed) { try ContentDigest.verify("sha-256=abc", body: Self.body) }
        let sha512 = "sha-512=:" + Data(SHA512.hash(data: Self.body)).base64EncodedString() + ":"
        try ContentDigest.verify(sha512, body: Self.body)
    }
}
