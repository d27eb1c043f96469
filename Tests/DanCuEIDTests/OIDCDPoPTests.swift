import DanCuEID
import DanCuTestSupport
import Foundation
import Testing

/// DPoP-bound tokens (RFC 9449) through the provider: binding, use at UserInfo, replay, and the ways
/// a client might try to use a bound token without its key.
@Suite struct OIDCDPoPTests {
    static let token = ProviderDesk.issuer + "/oidc/token"
    static let userinfo = ProviderDesk.issuer + "/oidc/userinfo"
    static let cb = "https://bank-a.example/cb"

    static func oauth(_ work: () async throws -> Void) async -> String? { await OIDCProviderTests.oauth(work) }

    @Test(arguments: Backend.all) func boundTokensWorkOnlyWithTheirKeyAndAProofWorksOnce(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let key = DPoPKey()
            let code = try #require(try await p.authorize()["code"])
            let proof = try await p.provider.acceptDPoP(try key.proof("POST", Self.token), method: "POST", path: "/oidc/token")
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: Self.cb, verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), dpop: proof, requestId: "test")
            #expect(tokens.tokenType == "DPoP")
            let introspection = try await p.provider.introspect(tokens.accessToken, credentials: try await p.bankAssertion())
            #expect(introspection.tokenType == "DPoP" && introspection.cnf == ["jkt": key.thumbprint])

            // UserInfo with a proof by the key, over the token's hash.
            let sent = try key.proof("GET", Self.userinfo, accessToken: tokens.accessToken)
            let good = try await p.provider.acceptDPoP(sent, method: "GET", path: "/oidc/userinfo", accessToken: tokens.accessToken)
            #expect(try await p.provider.userInfo(accessToken: tokens.accessToken, dpop: good, requestId: "test")["name"] == "Phạm Văn Minh")

            // The same proof replayed is refused before the token is looked at.
            #expect(
                await Self.oauth {
                    _ = try await p.provider.acceptDPoP(sent, method: "GET", path: "/oidc/userinfo", accessToken: tokens.accessToken)
                } == "invalid_dpop_proof")
            // Without a proof (as Bearer), or with a proof by another key, the bound token is refused.
            #expect(await Self.oauth { _ = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test") } == "invalid_token")
            let thief = DPoPKey()
            let stolen = try await p.provider.acceptDPoP(
                try thief.proof("GET", Self.userinfo, accessToken: tokens.accessToken), method: "GET",
                path: "/oidc/userinfo", accessToken: tokens.accessToken)
            #expect(
                await Self.oauth { _ = try await p.provider.userInfo(accessToken: tokens.accessToken, dpop: stolen, requestId: "test") } == "invalid_dpop_proof"
            )

            // A refresh of the bound grant needs a proof; the new access token is bound to its key.
            let refreshToken = try #require(tokens.refreshToken)
            #expect(
                await Self.oauth { _ = try await p.provider.refresh(refreshToken, credentials: try await p.bankAssertion(), requestId: "test") }
                    == "invalid_dpop_proof")
            let again = try await p.provider.acceptDPoP(try key.proof("POST", Self.token), method: "POST", path: "/oidc/token")
            let refreshed = try await p.provider.refresh(refreshToken, credentials: try await p.bankAssertion(), dpop: again, requestId: "test")
            #expect(refreshed.tokenType == "DPoP")
            #expect(try await p.provider.introspect(refreshed.accessToken, credentials: try await p.bankAssertion()).cnf == ["jkt": key.thumbprint])
        }
    }

    @Test(arguments: Backend.all) func aCodeBoundAtThePushNeedsThatKey(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let key = DPoPKey()
            let other = DPoPKey()
            let account = try await p.desk.eid.authenticate(EIDDesk.adult, password: EIDDesk.password)
            var parameters = ProviderDesk.parameters(client: "bank-a", redirect: Self.cb, scope: "openid profile")
            parameters["dpop_jkt"] = key.thumbprint
            // A proof at the push by another key than dpop_jkt names is refused.
            let otherAtPush = try await p.provider.acceptDPoP(try other.proof("POST", ProviderDesk.issuer + "/oidc/par"), method: "POST", path: "/oidc/par")
            #expect(
                await Self.oauth { _ = try await p.provider.push(parameters, credentials: try await p.bankAssertion(), dpop: otherAtPush) }
                    == "invalid_dpop_proof")

            let pushed = try await p.provider.push(parameters, credentials: try await p.bankAssertion())
            let location = try await p.provider.approve(
                requestURI: pushed.requestURI, clientId: "bank-a", account: account, authTime: 0, amr: ["pwd"], requestId: "test")
            let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
            // Without a proof, and with another key's proof, the code is not exchanged; with the key it is.
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: code, redirectURI: Self.cb, verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_dpop_proof")
            let wrong = try await p.provider.acceptDPoP(try other.proof("POST", Self.token), method: "POST", path: "/oidc/token")
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: code, redirectURI: Self.cb, verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(),
                        dpop: wrong, requestId: "test")
                } == "invalid_dpop_proof")
            let right = try await p.provider.acceptDPoP(try key.proof("POST", Self.token), method: "POST", path: "/oidc/token")
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: Self.cb, verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), dpop: right, requestId: "test")
            #expect(tokens.tokenType == "DPoP")
        }
    }

    @Test(arguments: Backend.all) func aClientRegisteredForDPoPCannotGetBearerTokens(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let secret = "another-long-random-client-secret-for-the-insurer"
            try await p.provider.clients.register(
                RelyingParty(
                    clientId: "bhxh", name: "Bảo hiểm xã hội", redirectURIs: ["https://bhxh.example/cb"],
                    allowedScopes: [.openid, .profile], purposes: ["public-service"], legalBasis: "Luật BHXH",
                    authentication: .clientSecretBasic, requiresDPoP: true),
                secret: secret)
            let credentials = ClientCredentials.secret(clientId: "bhxh", secret: secret)
            let code = try #require(
                try await p.authorize(
                    client: "bhxh", redirect: "https://bhxh.example/cb", scope: "openid",
                    credentials: credentials)["code"])
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: code, redirectURI: "https://bhxh.example/cb", verifier: ProviderDesk.verifier, credentials: credentials, requestId: "test")
                } == "invalid_dpop_proof")
            // A Bearer token sent as DPoP is refused too.
            let bearer = try await p.provider.exchange(
                code: try #require(try await p.authorize()["code"]), redirectURI: Self.cb,
                verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
            let key = DPoPKey()
            let proof = try await p.provider.acceptDPoP(
                try key.proof("GET", Self.userinfo, accessToken: bearer.accessToken), method: "GET",
                path: "/oidc/userinfo", accessToken: bearer.accessToken)
            #expect(await Self.oauth { _ = try await p.provider.userInfo(accessToken: bearer.accessToken, dpop: proof, requestId: "test") } == "invalid_token")
        }
    }
}
