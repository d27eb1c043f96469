import Crypto
import DanCuEID
import Foundation
import Testing

@Suite struct OIDCRequestTests {
    static let bank = RelyingParty(
        clientId: "bank-a", name: "Ngân hàng A", redirectURIs: ["https://bank-a.example/callback"],
        allowedScopes: [.openid, .profile, .birthdate, .offlineAccess], purposes: ["identity-verification"],
        legalBasis: "Thông tư 16/2020/TT-NHNN (eKYC)", authentication: .privateKeyJWT)
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    static func parameters(_ changes: [String: String?] = [:]) -> [String: String] {
        var p = [
            "response_type": "code", "client_id": "bank-a", "redirect_uri": "https://bank-a.example/callback", "scope": "openid profile",
            "state": "s1", "nonce": "n1", "code_challenge": PKCE.challengeOf(verifier), "code_challenge_method": "S256",
        ]
        for (k, v) in changes { p[k] = v }
        return p
    }

    static func code(_ changes: [String: String?]) -> OAuthError.Code? {
        do {
            _ = try AuthorizationRequest(parameters: parameters(changes), client: bank)
            return nil
        } catch { return error.code }
    }

    /// RFC 7636 Appendix B.
    @Test func pkceS256AsTheRFCComputesIt() throws {
        #expect(PKCE.challengeOf(Self.verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        try PKCE.verify(Self.verifier, against: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(throws: OAuthError.self) {
            try PKCE.verify(Self.verifier.replacingOccurrences(of: "d", with: "e"), against: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        }
        #expect(throws: OAuthError.self) { try PKCE.verify("short", against: PKCE.challengeOf("short")) }
        #expect(throws: OAuthError.self) { _ = try PKCE.checkChallenge(Self.verifier, method: "plain") }
    }

    @Test func aGoodRequestAndEachWayOfGettingItWrong() throws {
        let request = try AuthorizationRequest(parameters: Self.parameters(), client: Self.bank)
        #expect(request.scopes == [.openid, .profile] && request.acr == .level1 && request.purpose == "identity-verification")
        #expect(try AuthorizationRequest(parameters: Self.parameters(["acr_values": "urn:dancu:eid:level2"]), client: Self.bank).acr == .level2)
        #expect(Self.code(["redirect_uri": "https://bank-a.example/callback/"]) == .invalidRequest)
        #expect(Self.code(["redirect_uri": "https://evil.example/callback"]) == .invalidRequest)
        #expect(Self.code(["scope": "openid address"]) == .invalidScope)
        #expect(Self.code(["scope": "profile"]) == .invalidScope)
        #expect(Self.code(["scope": "openid wishes"]) == .invalidScope)
        #expect(Self.code(["response_type": "token"]) == .unsupportedResponseType)
        #expect(Self.code(["code_challenge": nil]) == .invalidRequest)
        #expect(Self.code(["code_challenge_method": "plain"]) == .invalidRequest)
        #expect(Self.code(["client_id": "bank-b"]) == .invalidRequest)
        #expect(Self.code(["purpose": "curiosity"]) == .invalidRequest)
        #expect(Self.code(["acr_values": "urn:other"]) == .invalidRequest)
        #expect(Self.code(["request_uri": "urn:x"]) == .invalidRequest)
    }

    @Test func pairwiseSubjectsDifferBySectorAndHideTheNumber() {
        let subjects = SubjectIdentifiers(salt: SymmetricKey(size: .bits256))
        let a = subjects.subject(for: "001080000301", sector: "bank-a.example", kind: .pairwise)
        #expect(a == subjects.subject(for: "001080000301", sector: "bank-a.example", kind: .pairwise))
        #expect(a != subjects.subject(for: "001080000301", sector: "bank-b.example", kind: .pairwise))
        #expect(!a.contains("001080000301") && a.count == 43)
        #expect(subjects.subject(for: "001080000301", sector: "dichvucong.gov.vn", kind: .personalNumber) == "001080000301")
        #expect(Self.bank.sector == "bank-a.example")
    }
}
