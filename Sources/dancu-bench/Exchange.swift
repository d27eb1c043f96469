import ArgumentParser
import Crypto
import DanCuExchange
import Foundation

/// Measurements for bench/exchange.sh: pre-signed requests for wrk, and the signature work alone.
struct ExchangeRequests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange-requests",
        abstract: "Write COUNT signed POST /x/v1/verify requests (one a line: path, body, headers; tab-separated) for wrk, each with its own nonce.")
    @Option(help: "The member's Ed25519 private key, PKCS#8 PEM.") var key: String
    @Option(name: .customLong("key-id")) var keyId: String
    @Option(help: "The server's origin as wrk addresses it: http://127.0.0.1:8097") var origin: String
    @Option(help: "A file of personal numbers, one a line.") var numbers: String
    @Option var count: Int = 30_000
    @Option var out: String

    func run() async throws {
        let signer = MessageSigner(key: .ed25519(try pemKey(key)), keyId: keyId)
        let people = try String(contentsOfFile: numbers, encoding: .utf8).split(separator: "\n").map(String.init)
        guard !people.isEmpty else { throw ValidationError("no numbers in \(numbers)") }
        let created = Int(Date().timeIntervalSince1970)
        var lines: [String] = []
        lines.reserveCapacity(count)
        for i in 0..<count {
            let body = #"{"personalNumber":"\#(people[i % people.count])","name":"Nguyễn Văn An","dateOfBirth":"1980"}"#
            let fields: [(name: String, value: String)] = [
                ("Content-Type", "application/json"), ("DanCu-Purpose", "social-insurance"), ("DanCu-Legal-Basis", "26/2023/QH15"),
                ("Content-Digest", ContentDigest.header(for: Array(body.utf8))),
            ]
            let (input, signature) = try signer.sign(
                HTTPMessage(.request(method: "POST", targetURI: origin + "/x/v1/verify"), fields: fields),
                covering: ExchangeGateway.requiredComponents(hasContent: true), created: created, nonce: "bench-\(created)-\(i)")
            let headers = (fields + [("Signature-Input", input), ("Signature", signature)]).map { "\($0.0): \($0.1)" }
            lines.append((["/x/v1/verify", body] + headers).joined(separator: "\t"))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
    }
}

struct ExchangeSignatures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange-signatures",
        abstract: "The signature work of one exchange request alone, in process: verify a member's signed request, sign the bound answer.")
    @Option var seconds: Double = 5
    @Option var rounds: Int = 3

    func run() async throws {
        let member = Curve25519.Signing.PrivateKey()
        let dancu = MessageSigner(key: .ed25519(Curve25519.Signing.PrivateKey()), keyId: "dancu-bench")
        let body = Array(#"{"personalNumber":"001080000101","name":"Nguyễn Văn An","dateOfBirth":"1980"}"#.utf8)
        let answer = Array(#"{"alive":true,"fields":{"dateOfBirth":"match","name":"match"},"match":true,"personalNumber":"match"}"#.utf8)
        let verifier = MessageVerifier(
            policy: .init(required: ExchangeGateway.requiredComponents(hasContent: true), requiredParameters: ["created", "keyid", "nonce"]))
        let fields: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("DanCu-Purpose", "social-insurance"), ("DanCu-Legal-Basis", "26/2023/QH15"),
            ("Content-Digest", ContentDigest.header(for: body)),
        ]
        var rates: [Double] = []
        for _ in 0..<rounds {
            // The member's requests are signed before the clock starts: the bench measures DanCu's side only.
            let now = Int(Date().timeIntervalSince1970)
            let requests = try (0..<20_000).map { i -> HTTPMessage in
                let message = HTTPMessage(.request(method: "POST", targetURI: "http://127.0.0.1:8097/x/v1/verify"), fields: fields)
                let (input, signature) = try MessageSigner(key: .ed25519(member), keyId: "m").sign(
                    message, covering: ExchangeGateway.requiredComponents(hasContent: true), created: now, nonce: "n\(i)")
                return HTTPMessage(message.kind, fields: fields + [("Signature-Input", input), ("Signature", signature)])
            }
            let started = Date()
            var done = 0
            while Date().timeIntervalSince(started) < seconds {
                let request = requests[done % requests.count]
                try ContentDigest.verify(request.field("content-digest") ?? "", body: body)
                _ = try verifier.verify(request, now: now) { _ in .ed25519(member.publicKey) }
                let response = HTTPMessage(
                    .response(status: 200), fields: [("Content-Type", "application/json"), ("Content-Digest", ContentDigest.header(for: answer))])
                _ = try dancu.signWithBase(response, request: request, covering: ExchangeGateway.answerComponents, created: now)
                done += 1
            }
            rates.append(Double(done) / Date().timeIntervalSince(started))
        }
        let sorted = rates.sorted()
        print(
            String(
                format: "signature work: %.0f/s median of %d rounds (%@)", sorted[sorted.count / 2], rounds,
                rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")))
    }
}

/// An Ed25519 private key from PKCS#8 PEM (RFC 8410): the last 32 bytes of its DER are the seed.
func pemKey(_ path: String) throws -> Curve25519.Signing.PrivateKey {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let base64 = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    guard let der = Data(base64Encoded: base64), der.count >= 32 else { throw ValidationError("\(path) is not a PKCS#8 PEM key") }
    return try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
}
