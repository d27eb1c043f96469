import Crypto
@_spi(Gate) import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import JWTKit
import Testing

/// A provider over the eID desk, with two relying parties: a bank proving itself with `private_key_jwt`
/// and a government service with `client_secret_basic`, entitled to the personal number.
struct ProviderDesk {
    let desk: EIDDesk
    let provider: OIDCProvider
    let gate: Gate
    let bankKey: P256.Signing.PrivateKey
    static let issuer = "https://id.dancu.test"
    static let secret = "a-long-random-client-secret-of-the-ministry-0001"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    static func with<T>(_ backend: Backend, accessLifetime: Int64 = 600, _ body: (ProviderDesk) async throws -> T) async throws -> T {
        try await EIDDesk.with(backend) { desk in
            _ = try await desk.adultAccount()
            try await OfficerAccounts(store: desk.eid.store).migrate()
            let gate = desk.gate
            var provider = OIDCProvider(issuer: issuer, store: desk.eid.store, cardKeys: desk.cards.keys, gate: gate)
            provider.accessLifetime = accessLifetime
            let bankKey = P256.Signing.PrivateKey()
            let raw = Array(bankKey.publicKey.rawRepresentation)
            let jwks =
                #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"bank-key-1","x":"\#(ByteText.base64URL(raw[0..<32]))","y":"\#(ByteText.base64URL(raw[32..<64]))"}]}"#
            try await provider.clients.register(
                RelyingParty(
                    clientId: "bank-a", name: "Ngân hàng A", redirectURIs: ["https://bank-a.example/cb"],
                    allowedScopes: [.openid, .profile, .birthdate, .offlineAccess],
                    purposes: ["identity-verification"], legalBasis: "eKYC", authentication: .privateKeyJWT),
                jwks: jwks)
            try await provider.clients.register(
                RelyingParty(
                    clientId: "dvc", name: "Cổng Dịch vụ công", redirectURIs: ["https://dichvucong.example/cb"],
                    allowedScopes: [.openid, .profile, .personalNumber], purposes: ["public-service"],
                    legalBasis: "Nghị định 69/2024", subjectKind: .personalNumber,
                    authentication: .clientSecretBasic),
                secret: secret)
            return try await body(ProviderDesk(desk: desk, provider: provider, gate: gate, bankKey: bankKey))
        }
    }

    func bankAssertion(jti: String = UUID().uuidString) async throws -> ClientCredentials {
        let keys = await JWTKeyCollection().add(ecdsa: try ES256PrivateKey(backing: bankKey), kid: "bank-key-1")
        return .assertion(try await keys.sign(ClientAssertionClaims(clientId: "bank-a", audience: Self.issuer + "/oidc/token", jti: jti)))
    }

    static func parameters(client: String, redirect: String, scope: String, acr: String? = nil) -> [String: String] {
        var p = [
            "response_type": "code", "client_id": client, "redirect_uri": redirect, "scope": scope, "state": "st-1", "nonce": "no-1",
            "code_challenge": PKCE.challengeOf(verifier), "code_challenge_method": "S256",
        ]
        p["acr_values"] = acr
        return p
    }

    /// Push, sign in (the adult's level-1 account) and approve: the redirect's query.
    func authorize(
        client: String = "bank-a", redirect: String = "https://bank-a.example/cb", scope: String = "openid profile offline_access",
        acr: String? = nil, credentials: ClientCredentials? = nil
    ) async throws -> [String: String] {
        let account = try await desk.eid.authenticate(EIDDesk.adult, password: EIDDesk.password)
        let proof: ClientCredentials
        if let credentials { proof = credentials } else { proof = try await bankAssertion() }
        let pushed = try await provider.push(Self.parameters(client: client, redirect: redirect, scope: scope, acr: acr), credentials: proof)
        let location = try await provider.approve(
            requestURI: pushed.requestURI, clientId: client, account: account,
            authTime: Int64(Date().timeIntervalSince1970), amr: ["pwd"], requestId: "test")
        #expect(location.hasPrefix(redirect + "?"))
        return Dictionary(uniqueKeysWithValues: (URLComponents(string: location)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
    }
}

@Suite struct OIDCProviderTests {
    static func oauth(_ work: () async throws -> Void) async -> String? {
        do {
            try await work()
            return nil
        } catch let error as OAuthError { return error.code.rawValue } catch { return "\(error)" }
    }

    @Test(arguments: Backend.all) func codeFlowWithPKCEAndPrivateKeyJWT(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let query = try await p.authorize()
            #expect(query["state"] == "st-1" && query["iss"] == ProviderDesk.issuer)
            let code = try #require(query["code"])
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: "https://bank-a.example/cb", verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), requestId: "test")
            #expect(tokens.tokenType == "Bearer" && tokens.refreshToken != nil && tokens.scope == "openid profile offline_access")

            // The relying party checks the ID token through the JWKS.
            let id = try await JWTKeyCollection().add(jwksJSON: try await p.provider.jwks()).verify(try #require(tokens.idToken), as: IDTokenClaims.self)
            #expect(id.nonce == "no-1" && id.acr == "urn:dancu:eid:level1" && id.aud.value == ["bank-a"] && id.iss.value == ProviderDesk.issuer)
            #expect(id.sub.value != EIDDesk.adult && id.sub.value.count == 43)

            let info = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test")
            #expect(info["sub"] == id.sub.value && info["name"] == "Phạm Văn Minh" && info["gender"] == "male" && info["birthdate"] == nil)

            // Refresh rotates; presenting the old refresh token again revokes the grant.
            let refreshed = try await p.provider.refresh(try #require(tokens.refreshToken), credentials: try await p.bankAssertion(), requestId: "test")
            #expect(try await p.provider.introspect(refreshed.accessToken, credentials: try await p.bankAssertion()).active)
            #expect(
                await Self.oauth {
                    _ = try await p.provider.refresh(try #require(tokens.refreshToken), credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_grant")
            #expect(!(try await p.provider.introspect(refreshed.accessToken, credentials: try await p.bankAssertion()).active))

            // Each issuance and each UserInfo read is an access-log entry: the bank as actor, the holder as subject.
            let entries = try await p.gate.logStore.read { db in
                try db.query("SELECT actor, subject, action, purpose FROM access_log ORDER BY id").map {
                    ($0["actor"].string, $0["subject"].string, $0["action"].string, $0["purpose"].string)
                }
            }
            let bank = entries.filter { $0.0 == "bank-a" && $0.1 == EIDDesk.adult }
            #expect(bank.map(\.2) == ["oidc-token", "oidc-userinfo", "oidc-refresh"])
            #expect(bank.allSatisfy { $0.3 == "identity-verification" })  // each with the purpose the holder consented to
        }
    }

    @Test(arguments: Backend.all) func eachWayOfGettingTheExchangeWrong(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let cb = "https://bank-a.example/cb"
            var code = try #require(try await p.authorize()["code"])
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: code, redirectURI: cb, verifier: String(ProviderDesk.verifier.reversed()), credentials: try await p.bankAssertion(),
                        requestId: "test")
                } == "invalid_grant")
            code = try #require(try await p.authorize()["code"])
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: code, redirectURI: cb + "/other", verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_grant")
            // A code used twice: the second use fails and the tokens of the first are revoked.
            code = try #require(try await p.authorize()["code"])
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: cb, verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
            #expect(
                await Self.oauth {
                    _ = try await p.provider.exchange(
                        code: code, redirectURI: cb, verifier: ProviderDesk.verifier, credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_grant")
            #expect(await Self.oauth { _ = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test") } == "invalid_token")
            // A redirect URI it did not register is refused at the push.
            #expect(
                await Self.oauth {
                    _ = try await p.provider.push(
                        ProviderDesk.parameters(client: "bank-a", redirect: "https://bank-a.example/elsewhere", scope: "openid"),
                        credentials: try await p.bankAssertion())
                } == "invalid_request")
            // An assertion that lives for ever is refused, not turned into an overflow.
            let keys = await JWTKeyCollection().add(ecdsa: try ES256PrivateKey(backing: p.bankKey), kid: "bank-key-1")
            for seconds in [7_200.0, 1e15] {
                let long = try await keys.sign(ClientAssertionClaims(clientId: "bank-a", audience: ProviderDesk.issuer + "/oidc/token", expiresIn: seconds))
                #expect(
                    await Self.oauth {
                        _ = try await p.provider.push(ProviderDesk.parameters(client: "bank-a", redirect: cb, scope: "openid"), credentials: .assertion(long))
                    } == "invalid_client")
            }
            // The same client assertion twice, and a wrong secret, are refused.
            let assertion = try await p.bankAssertion(jti: "once")
            _ = try await p.provider.push(ProviderDesk.parameters(client: "bank-a", redirect: cb, scope: "openid"), credentials: assertion)
            #expect(
                await Self.oauth {
                    _ = try await p.provider.push(ProviderDesk.parameters(client: "bank-a", redirect: cb, scope: "openid"), credentials: assertion)
                } == "invalid_client")
            #expect(
                await Self.oauth {
                    _ = try await p.provider.push(
                        ProviderDesk.parameters(client: "dvc", redirect: "https://dichvucong.example/cb", scope: "openid"),
                        credentials: .secret(clientId: "dvc", secret: ProviderDesk.secret + "x"))
                } == "invalid_client")
        }
    }

    @Test(arguments: Backend.all) func revokedAndExpiredTokensAndALevelTooLow(backend: Backend) async throws {
        try await ProviderDesk.with(backend, accessLifetime: 0) { p in
            let code = try #require(try await p.authorize()["code"])
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: "https://bank-a.example/cb", verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), requestId: "test")
            // expired at once
            #expect(await Self.oauth { _ = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test") } == "invalid_token")
            try await p.provider.revoke(try #require(tokens.refreshToken), credentials: try await p.bankAssertion())
            #expect(
                await Self.oauth {
                    _ = try await p.provider.refresh(try #require(tokens.refreshToken), credentials: try await p.bankAssertion(), requestId: "test")
                } == "invalid_grant")

            // A level-1 account asked for level 2 goes back with unmet_authentication_requirements and no code.
            let query = try await p.authorize(acr: "urn:dancu:eid:level2")
            #expect(query["error"] == "unmet_authentication_requirements" && query["code"] == nil && query["state"] == "st-1")
        }
    }

    @Test(arguments: Backend.all) func aGovernmentServiceEntitledToThePersonalNumber(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let credentials = ClientCredentials.secret(clientId: "dvc", secret: ProviderDesk.secret)
            let code = try #require(
                try await p.authorize(
                    client: "dvc", redirect: "https://dichvucong.example/cb", scope: "openid profile personal_number",
                    credentials: credentials)["code"])
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: "https://dichvucong.example/cb", verifier: ProviderDesk.verifier,
                credentials: credentials, requestId: "test")
            #expect(tokens.refreshToken == nil)
            let info = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test")
            #expect(info["sub"] == EIDDesk.adult && info["personal_number"] == EIDDesk.adult)
            // The bank may not ask for the personal number.
            #expect(
                await Self.oauth {
                    _ = try await p.provider.push(
                        ProviderDesk.parameters(client: "bank-a", redirect: "https://bank-a.example/cb", scope: "openid personal_number"),
                        credentials: try await p.bankAssertion())
                } == "invalid_scope")
        }
    }

    @Test(arguments: Backend.all) func aForeignerSignsInWithWhatTheResidenceCardSays(backend: Backend) async throws {
        try await ProviderDesk.with(backend) { p in
            let card = try ResidenceCard(
                number: "TT 001 2345", kind: .temporary, name: "Kim Min-jun", sex: .male, dateOfBirth: try LocalDate(iso: "1990-05-06"),
                nationality: "KOR", validUntil: try LocalDate(iso: "2030-01-01"), issuedBy: "Cục QLXNC", wardCode: "00004",
                reference: .bundled, today: CivilClock.system.today())
            #expect(card.subject == "rc:TT0012345")
            let account = try await p.gate.foreignerAccountWork(
                subject: card.subject, wardCode: card.wardCode,
                for: TestGrants.request(.citizenRequest)
            ) { grant in
                try await p.desk.eid.registerForeigner(
                    card, level: .level2, contact: try Contact(phone: nil, email: "mj@example.kr"),
                    password: EIDDesk.password, grant: grant)
            }
            #expect(account.kind == .foreigner && account.level == .level2)
            // Signing in with the card's number; the relying party receives the card's name and birth date.
            let signedIn = try await p.desk.eid.authenticate("rc:TT0012345", password: EIDDesk.password)
            let pushed = try await p.provider.push(
                ProviderDesk.parameters(client: "bank-a", redirect: "https://bank-a.example/cb", scope: "openid profile birthdate"),
                credentials: try await p.bankAssertion())
            let location = try await p.provider.approve(
                requestURI: pushed.requestURI, clientId: "bank-a", account: signedIn, authTime: 0, amr: ["pwd"], requestId: "test")
            let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
            let tokens = try await p.provider.exchange(
                code: code, redirectURI: "https://bank-a.example/cb", verifier: ProviderDesk.verifier,
                credentials: try await p.bankAssertion(), requestId: "test")
            let info = try await p.provider.userInfo(accessToken: tokens.accessToken, requestId: "test")
            #expect(info["name"] == "Kim Min-jun" && info["birthdate"] == "1990-05-06" && info["nationality"] == "KOR" && info["sub"] != "rc:TT0012345")
            // The level rules hold for foreigners too: no level 2 under six, and the card must be valid.
            let baby = try ResidenceCard(
                number: "TT0099999", kind: .temporary, name: "Kim Ha-eun", sex: .female, dateOfBirth: CivilClock.system.today(),
                nationality: "KOR", validUntil: try LocalDate(iso: "2030-01-01"), issuedBy: "Cục QLXNC", wardCode: "00004",
                reference: .bundled, today: CivilClock.system.today())
            await #expect(throws: EIDError.self) {
                _ = try await p.gate.foreignerAccountWork(
                    subject: baby.subject, wardCode: baby.wardCode,
                    for: TestGrants.request(.citizenRequest)
                ) { grant in
                    try await p.desk.eid.registerForeigner(
                        baby, level: .level2, contact: try Contact(phone: nil, email: "b@example.kr"),
                        password: EIDDesk.password, grant: grant)
                }
            }
            #expect(throws: EIDError.self) {
                _ = try ResidenceCard(
                    number: "TT0088888", kind: .permanent, name: "Expired", sex: .male, dateOfBirth: try LocalDate(iso: "1980-01-01"),
                    nationality: "USA", validUntil: try LocalDate(iso: "2020-01-01"), issuedBy: "Cục QLXNC", wardCode: "00004",
                    reference: .bundled, today: CivilClock.system.today())
            }
        }
    }
}
