import Crypto
import DanCuAccess
import DanCuCard
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwiftASN1
import Testing
import X509

@testable import DanCuWeb

/// Procedure 1 (confirmation of the old identity-card number) ends in a document DanCu seals: the
/// commune police approve what the register holds, the citizen receives the document as JWS, and its
/// signature checks against the published signers, whose certificates the CSCA issued.
@Suite struct ResultDocumentTests {
    static let purpose = HTTPField.Name(Purpose.header)!

    @Test func theCommunePoliceConfirmTheOldNumberInADocumentThatVerifiesOffline() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let citizen: HTTPFields = [.authorization: "Bearer \(h.oidc.sessionId)", .contentType: "application/json"]
            let body = #"{"procedure":"legacy-id-confirmation","fields":{"usedFor":"Ngân hàng đối chiếu hồ sơ vay"}}"#
            let submitted = try await client.execute(uri: "/me/api/applications", method: .post, headers: citizen, body: ByteBuffer(string: body))
            #expect(submitted.status == .created, "\(submitted.text)")
            let code = try #require(submitted.json["code"] as? String)

            let token = try await h.services.accounts.login(username: "commune.a", password: GateFixture.password).token
            let police: HTTPFields = [.authorization: "Bearer \(token)", Self.purpose: "public-service", .contentType: "application/json"]
            let path = "/v1/applications/\(code)/steps/confirmation/decision"
            let approve = ByteBuffer(string: #"{"decision":"approve"}"#)

            // The register holds no old number for a1 yet: there is nothing to confirm, and nothing changes.
            let early = try await client.execute(uri: path, method: .post, headers: police, body: approve)
            #expect(early.status == .conflict && early.isProblem, "\(early.text)")
            let still = try await client.execute(uri: "/me/api/applications/\(code)", method: .get, headers: citizen)
            #expect(still.json["status"] as? String == "received" && (still.json["results"] as? [[String: Any]])?.first?["document"] == nil)

            _ = try await h.fixture.register.record(
                .corrected(PersonCorrection(legacyIdNumber: "012345678")), for: PersonalNumber(a1), validFrom: try LocalDate(iso: "2000-01-01"),
                officer: "fixture", reason: "Số CMND từ hồ sơ giấy")
            let decided = try await client.execute(uri: path, method: .post, headers: police, body: approve)
            #expect(decided.status == .ok && decided.json["status"] as? String == "result-issued", "\(decided.text)")

            let seen = try await client.execute(uri: "/me/api/applications/\(code)", method: .get, headers: citizen)
            let result = try #require((seen.json["results"] as? [[String: Any]])?.first)
            let sealed = try #require(result["document"] as? [String: Any], "\(seen.text)")
            let document = try #require(sealed["document"] as? [String: Any])
            #expect(document["holder"] as? String == a1 && document["id"] as? String == "\(code)/confirmation")
            #expect((document["statements"] as? [String])?.first?.contains("012345678") == true, "\(document)")
            let jws = try #require(sealed["jws"] as? String)

            let signers = try await client.execute(uri: "/documents/signers", method: .get)
            #expect(signers.status == .ok && signers.headers[.authorization] == nil)
            let csca = try h.fixture.cards.keys.csca().certificate
            #expect(try Self.verify(jws, signers: signers.json, csca: csca) == document as NSDictionary)
            // A payload changed by one character no longer verifies.
            let parts = jws.split(separator: ".").map(String.init)
            var payload = try #require(Data(base64URL: parts[1]))
            payload[payload.count / 2] ^= 0x01
            #expect(throws: DocumentCheckFailed.self) {
                try Self.verify([parts[0], payload.base64URLText, parts[2]].joined(separator: "."), signers: signers.json, csca: csca)
            }
            // The page shows the document and its QR code: the same header and payload, sealed anew.
            let page = try await client.execute(uri: "/me/applications/\(code)", method: .get, headers: [.cookie: "dancu_me=\(h.oidc.sessionId)"])
            #expect(page.text.contains("id=\"document-confirmation\"") && page.text.contains("<svg") && page.text.contains(parts[0] + "." + parts[1]))
        }
    }

    struct DocumentCheckFailed: Error {}

    /// The document's payload once its JWS verifies with the published key its header names, whose
    /// certificate the CSCA signed.
    static func verify(_ jws: String, signers: [String: Any], csca: Certificate) throws -> NSDictionary {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Data(base64URL: parts[0]), let payloadData = Data(base64URL: parts[1]),
            let signature = Data(base64URL: parts[2]),
            let header = try JSONSerialization.jsonObject(with: headerData) as? [String: Any], header["alg"] as? String == "ES256",
            let key = (signers["keys"] as? [[String: Any]])?.first(where: { $0["kid"] as? String == header["kid"] as? String }),
            let x = (key["x"] as? String).flatMap({ Data(base64URL: $0) }), let y = (key["y"] as? String).flatMap({ Data(base64URL: $0) }),
            let chain = key["x5c"] as? [String], let leaf = chain.first.flatMap({ Data(base64Encoded: $0) })
        else { throw DocumentCheckFailed() }
        let certificate = try Certificate(derEncoded: Array(leaf))
        guard csca.publicKey.isValidSignature(certificate.signature, for: certificate) else { throw DocumentCheckFailed() }
        let publicKey = try P256.Signing.PublicKey(rawRepresentation: x + y)
        guard Certificate.PublicKey(publicKey) == certificate.publicKey,
            publicKey.isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: signature), for: Data((parts[0] + "." + parts[1]).utf8)),
            let payload = try JSONSerialization.jsonObject(with: payloadData) as? NSDictionary
        else { throw DocumentCheckFailed() }
        return payload
    }
}

extension Data {
    init?(base64URL text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }

    var base64URLText: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
