@_spi(Gate) import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuExchange
@_spi(Gate) import DanCuRegister
import DanCuServices
import DanCuStore
import DanCuTestSupport
import DanCuTransparency
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat

/// The HTTP application over a gate fixture, with one bearer token per officer and a household in
/// ward A (head a1, member a2). a3, a4, a8, a9 and a10 live in ward A outside any household; the review
/// queue holds a3 and a4 as a suspected duplicate, and a12, a duplicate of a11, was merged into it. a5, in ward A too,
/// holds a card and an eID account they locked themselves, with the passcode `WebHarness.passcode`;
/// a6 and a7, in ward A, hold a card and no eID account; a7 has asked for a registration code,
/// `registrationCode`, sent to 0912000777. A foreigner living in ward A holds an account on
/// the residence card `WebHarness.foreignerCard`, signed in as `foreignerSession`.
struct WebHarness: Sendable {
    let fixture: GateFixture
    let services: Services
    let tokens: [String: String]
    let householdId: String
    let extra: [String: PersonalNumber]
    /// a1 holds an active card, `<a1>-1`; this is a reader's request for it, as JSON.
    let verifyBody: String
    let sodBase64: String
    let faceBase64: String
    /// A relying party, an eID account for a1 and an authorization in each state, for the OIDC routes.
    let oidc: OIDCState
    let foreignerSession: String
    let registrationCode: String
    /// Every statement the application ran against a table of personal data.
    let watch: PersonalDataWatch
    /// Social insurance's assessment subsystem, granted verification (name, date of birth, life) and
    /// person data (name, date of birth, permanent residence) for `social-insurance`.
    let member: ExchangeMember
    /// A pull subscription of the member's, to deaths of a1.
    let subscriptionId: Int64
    /// a1's consent to the member, to read their name.
    let consentId: String
    /// A finished batch verification of the harness's member (its results ready to read).
    let batchId: String
    /// The log's newest checkpoint with a cosignature of the harness's witness, as the witness hands it in.
    let cosignedCheckpoint: String
    /// a1's application for a temporary absence (procedure 5), received, its step open at the commune
    /// police of ward A; and a second one whose step asks a1 for a supplement.
    let applicationCode: String
    let supplementCode: String
    /// The tax administration's registration subsystem, granted `service-cases` and the writing of tax
    /// codes for `public-service`; and a1's first tax registration (procedure 21), its one step open at it.
    let caseMember: ExchangeMember
    let taxApplicationCode: String
    /// A third temporary absence of a1's, its step open, for the officers' desk pages to decide.
    let deskApplicationCode: String
    /// A birth registration of a1's sent with its birth notice (a PDF), and one whose supplement the
    /// applicant answers on the page.
    /// A one-page PDF, as a scanned birth notice would be sent.
    static let birthNotice = AttachmentUpload(
        code: "birth-notice",
        content: Array(
            "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n".utf8
        ),
        fileName: "giấy chứng sinh.pdf")
    /// `,"attachments":[…]` with `code`'s paper as the birth notice's PDF, to end a submission's JSON.
    static func papers(_ code: String = "birth-notice") -> String {
        #","attachments":[{"code":"\#(code)","mediaType":"application/pdf","fileName":"\#(code).pdf","content":"\#(Data(birthNotice.content).base64EncodedString())"}]"#
    }

    /// A `multipart/form-data` body (RFC 7578) of text `fields` and `files` (field name, file name, bytes),
    /// as a browser sends a form with files; and its Content-Type.
    static func multipart(_ fields: [(String, String)], files: [(String, String, [UInt8])] = []) -> (body: ByteBuffer, type: String) {
        let boundary = "----dancu" + UUID().uuidString
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (name, fileName, content) in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(content)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// A birth four days ago, as a parent declares it.
    static var birthForm: [String: any Sendable] {
        [
            "childName": "Nguyễn Minh Khôi", "childSex": "male", "childBirthDate": CivilClock.system.today().adding(days: -4).description,
            "placeOfBirth": "Bệnh viện Phụ sản Hà Nội", "childEthnicity": "01", "parentRole": "father",
        ]
    }
    let paperCode: String
    let pageSupplementCode: String
    /// The labour system (procedure 25's member) and a1's application for unemployment benefit, sent
    /// with the contract's termination.
    let labourMember: ExchangeMember
    let labourCode: String
    /// The harness's witness, whose cosignatures the log keeps.
    static let witness = NoteSigner(name: "witness.test/w1", kind: .cosignature, privateKey: Array(repeating: 7, count: 32))
    static let passcode = "274951"
    static let foreignerCard = "TT0012345"

    static func residenceCard(_ number: String, born: String = "1990-05-06") throws -> ResidenceCard {
        try ResidenceCard(
            number: number, kind: .temporary, name: "Kim Min-jun", sex: .male, dateOfBirth: try LocalDate(iso: born),
            nationality: "KOR", validUntil: try LocalDate(iso: "2028-12-31"), issuedBy: "Cục Quản lý xuất nhập cảnh",
            wardCode: GateFixture.wardA, reference: .bundled, today: CivilClock.system.today())
    }

    struct OIDCState: Sendable {
        static let clientId = "rp-test", redirect = "https://rp.example/cb", secret = "a-long-random-secret-for-the-test-relying-party"
        static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        var basic: String { "Basic " + Data((Self.clientId + ":" + Self.secret).utf8).base64EncodedString() }
        let authorizeURI: String, loginURI: String, consentURI: String
        let sessionId: String, csrf: String
        let code: String, accessToken: String, refreshToken: String

        static func parameters() -> [String: String] {
            [
                "response_type": "code", "client_id": clientId, "redirect_uri": redirect, "scope": "openid profile offline_access", "state": "s",
                "nonce": "n", "code_challenge": PKCE.challengeOf(verifier), "code_challenge_method": "S256",
            ]
        }

        static func make(_ services: Services, holder: PersonalNumber) async throws -> OIDCState {
            guard let provider = services.oidc, let eid = services.eid else { throw OAuthError(.invalidRequest, "no OIDC provider") }
            try await provider.clients.register(
                RelyingParty(
                    clientId: clientId, name: "Dịch vụ thử", redirectURIs: [redirect],
                    allowedScopes: [.openid, .profile, .offlineAccess], purposes: ["public-service"],
                    legalBasis: "test", authentication: .clientSecretBasic), secret: secret)
            let account = try await services.gate.eidAccountWork(.register, of: holder, for: TestGrants.request(.citizenRequest)) { grant in
                try await eid.registerInPerson(
                    holder, level: .level2, contact: try Contact(phone: "0912000111", email: nil),
                    password: GateFixture.password, grant: grant)
            }
            let credentials = ClientCredentials.secret(clientId: clientId, secret: secret)
            func push() async throws -> String { try await provider.push(parameters(), credentials: credentials).requestURI }
            func code() async throws -> String {
                let location = try await provider.approve(
                    requestURI: try await push(), clientId: clientId, account: account, authTime: 0, amr: ["pwd"], requestId: "test")
                return URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value ?? ""
            }
            let (sessionId, session) = try await provider.startSession(account: account.subject, amr: ["pwd"])
            let tokens = try await provider.exchange(
                code: try await code(), redirectURI: redirect, verifier: verifier, credentials: credentials, requestId: "test")
            return OIDCState(
                authorizeURI: try await push(), loginURI: try await push(), consentURI: try await push(), sessionId: sessionId,
                csrf: session.csrf, code: try await code(), accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? "")
        }
    }

    static func with<T: Sendable>(
        _ setup: TestingSetup = .router, backend: Backend = .sqlite, logger: Logger? = nil,
        _ body: @escaping @Sendable (WebHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await GateFixture.with(backend) { fixture in
            let register = fixture.register
            var extra: [String: PersonalNumber] = [:]
            for (key, number, name) in [
                ("a3", "001085000105", "Hoàng Văn Giang"), ("a4", "001085000106", "Vũ Văn Hải"),
                ("a5", "001085000108", "Trịnh Văn Khoa"), ("a6", "001085000109", "Lý Văn Minh"),
                ("a7", "001085000110", "Mai Văn Phúc"), ("a8", "001085000111", "Đinh Văn Quang"),
                ("a9", "001085000112", "Tạ Văn Sơn"), ("a10", "001085000113", "Lương Văn Tài"),
                ("a11", "001085000114", "Ngô Văn Tuấn"), ("a12", "001085000115", "Ngo Van Tuan"),
            ] {
                extra[key] = try await register.registerExisting(
                    try GateFixture.person(number, name, born: "1985-01-01", sex: .male, ward: GateFixture.wardA), officer: "fixture"
                ).personalNumber
            }
            let a1 = try fixture.number("a1")
            let a2 = try fixture.number("a2")
            let household = try await register.createHousehold(
                head: a1, address: GateFixture.place(GateFixture.wardA),
                validFrom: try LocalDate(iso: "2016-01-01"), officer: "fixture")
            _ = try await register.addMember(
                a2, to: household.id, relationship: .spouse, validFrom: try LocalDate(iso: "2016-01-01"),
                officer: "fixture")
            let face = try SyntheticFace.jpeg()
            let cards = fixture.cards
            let card = try await cards.issueFirstCard(to: a1, face: face, grant: try await TestGrants.cards(fixture.gate, a1))
            let chip = try await cards.chip(card.cardId, grant: try await TestGrants.cards(fixture.gate, a1))
            let groups = chip.dataGroups.map { #""\#($0.key)":"\#(Data($0.value).base64EncodedString())""# }.sorted().joined(separator: ",")
            let verifyBody = #"{"sod":"\#(Data(chip.sod).base64EncodedString())","dataGroups":{\#(groups)}}"#
            let watch = PersonalDataWatch()
            // The composition root `dancu serve` uses, over the fixture's stores (which the fixture closes).
            let witnessKeys = Self.witness.map { [$0.verifier.vkey] } ?? []
            let platform = try Platform.assemble(
                AppConfiguration(port: 0, issuer: "http://127.0.0.1:8080", bcryptCost: 4, transparencyWitnesses: witnessKeys),
                store: watch.watching(register.store),
                logStore: watch.watching(fixture.logStore), cardKeys: fixture.cards.keys)
            try await platform.prepare()
            let services = platform.services
            // The review queue holds two suspected pairs, (a3, a4) and (a8, a9); a12 was a duplicate of a11, merged into it.
            if let a3 = extra["a3"], let a4 = extra["a4"], let a8 = extra["a8"], let a9 = extra["a9"], let a11 = extra["a11"], let a12 = extra["a12"] {
                try await register.store.write { db in
                    for (first, second, probability) in [(a3, a4, 0.97), (a8, a9, 0.95)] {
                        try db.execute(
                            """
                            INSERT INTO quality_duplicate_pairs (person_a, person_b, probability, weight, evidence, province_a, province_b, status, found_at)
                            VALUES (?,?,?,?,?,?,?,?,?)
                            """,
                            [
                                .text(first.rawValue), .text(second.rawValue), .double(probability), .double(5),
                                .text(#"[{"english":"same date of birth","field":"dateOfBirth","level":1,"vietnamese":"cùng ngày sinh","weight":9.1}]"#),
                                .text("01"), .text("01"), .text("open"), .int(1),
                            ])
                    }
                }
                _ = try await register.merge(a12, into: a11, officer: "fixture", reason: "nhập hai lần")
            }
            let oidc = try await OIDCState.make(services, holder: a1)
            // The samples use these handles minutes after they were made when the machine is loaded (a code
            // lives 60 s, a pushed request 90 s): a test of every route then failed on an expired code. The
            // lifetimes are the OpenID Connect tests' to check, not this harness's.
            try await register.store.write { db in
                for table in ["oidc_requests", "oidc_sessions", "oidc_tokens"] {
                    try db.execute("UPDATE \(table) SET expires_at = expires_at + ?", [.int(3_600_000_000)])
                }
            }
            var registrationCode = ""
            if let eid = services.eid, let a5 = extra["a5"], let a6 = extra["a6"], let a7 = extra["a7"] {
                _ = try await cards.issueFirstCard(to: a6, face: face, grant: try await TestGrants.cards(fixture.gate, a6))
                _ = try await cards.issueFirstCard(to: a7, face: face, grant: try await TestGrants.cards(fixture.gate, a7))
                registrationCode = try await eid.requestCode(for: a7.rawValue, contact: try Contact(phone: "0912000777", email: nil))
                _ = try await cards.issueFirstCard(to: a5, face: face, grant: try await TestGrants.cards(fixture.gate, a5))
                _ = try await services.gate.eidAccountWork(.register, of: a5, for: TestGrants.request(.citizenRequest)) { grant in
                    try await eid.registerInPerson(
                        a5, level: .level2, contact: try Contact(phone: "0912000555", email: nil),
                        password: GateFixture.password, grant: grant)
                }
                try await eid.setPasscode(a5.rawValue, passcode)
                let holder = AccessRequest(
                    officer: Officer(username: a5.rawValue, displayName: "a5", role: .citizen, jurisdiction: .nation),
                    purpose: .selfService, requestId: "fixture")
                let own = try await services.gate.grant(
                    holder, .ownData(subject: a5.rawValue), subject: a5.rawValue, action: "self-lock-eid",
                    fields: ["eidAccount"])
                _ = try await eid.lock(a5.rawValue, grant: own, reason: CitizenSelfService.holderLock)
            }
            var tokens: [String: String] = [:]
            for (key, officer) in fixture.officers {
                tokens[key] = try await services.accounts.login(username: officer.username, password: GateFixture.password).token
            }
            var foreignerSession = ""
            if let eid = services.eid, let provider = services.oidc {
                let card = try residenceCard(foreignerCard)
                let account = try await services.gate.foreignerAccountWork(
                    subject: card.subject, wardCode: card.wardCode,
                    for: TestGrants.request(.citizenRequest)
                ) { grant in
                    try await eid.registerForeigner(
                        card, level: .level2, contact: try Contact(phone: nil, email: "minjun@example.kr"),
                        password: GateFixture.password, grant: grant)
                }
                foreignerSession = try await provider.startSession(account: account.subject, amr: ["pwd"]).id
            }
            guard let exchange = services.exchange else { throw StoreError.backend("the harness has no exchange gateway") }
            let member = try await ExchangeMember.register(exchange)
            try await exchange.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "dateOfBirth", "vitalStatus"], purpose: .socialInsurance,
                legalBasis: member.legalBasis, by: "admin")
            try await exchange.grants.grant(
                member.subsystem, service: .personData, fields: ["name", "dateOfBirth", "permanentResidence"], purpose: .socialInsurance,
                legalBasis: member.legalBasis, by: "admin")
            try await exchange.grants.grant(
                member.subsystem, service: .events, fields: ["name", "vitalStatus"], purpose: .socialInsurance, legalBasis: member.legalBasis,
                by: "admin")
            let subscription = try await exchange.subscriptions.subscribe(
                .init(kinds: ["death"], watch: [a1.rawValue], fields: ["name"]), for: member.caller(purpose: "social-insurance"))
            for service in [ExchangeService.linkedRecords, .linkedRecordsWrite] {
                try await exchange.grants.grant(
                    member.subsystem, service: service, fields: ["health-insurance-card"], purpose: .socialInsurance, legalBasis: member.legalBasis,
                    by: "admin")
            }
            let consentId = try await exchange.consents.give(subject: a1, member: "BHXH", fields: ["name"], purpose: .socialInsurance, days: 30)
            guard let desk = services.publicServices else { throw StoreError.backend("the harness has no public services") }
            let applicant = AccessRequest(
                officer: Officer(username: a1.rawValue, displayName: "a1", role: .citizen, jurisdiction: .nation), purpose: .publicService,
                requestId: "fixture-application")
            let absence: [String: any Sendable] = [
                "destination": ["wardCode": GateFixture.wardC], "from": "2027-01-04", "until": "2027-01-29", "reason": "Công tác",
            ]
            let applicationCode = try await desk.submit("temporary-absence", form: absence, eidLevel: 2, idempotencyKey: nil, for: applicant)
                .value.application.code
            let supplementCode = try await desk.submit("temporary-absence", form: absence, eidLevel: 2, idempotencyKey: nil, for: applicant)
                .value.application.code
            _ = try await desk.decide(
                .requestSupplement(reason: "Ghi rõ nơi đến"), step: "declaration", of: supplementCode,
                for: try fixture.request("central", .publicService, id: "fixture-supplement"))
            let deskApplicationCode = try await desk.submit("temporary-absence", form: absence, eidLevel: 2, idempotencyKey: nil, for: applicant)
                .value.application.code
            let paperCode = try await desk.submit(
                "birth-registration", form: Self.birthForm, attachments: [Self.birthNotice], eidLevel: 2, idempotencyKey: nil, for: applicant
            ).value.application.code
            let pageSupplementCode = try await desk.submit(
                "birth-registration", form: Self.birthForm, attachments: [Self.birthNotice], eidLevel: 2, idempotencyKey: nil, for: applicant
            ).value.application.code
            _ = try await desk.decide(
                .requestSupplement(reason: "Gửi lại giấy chứng sinh rõ hơn"), step: "birth", of: pageSupplementCode,
                for: AccessRequest(
                    officer: Officer(username: "tp.a", displayName: "Tư pháp", role: .civilStatusOfficer, jurisdiction: .ward(GateFixture.wardA)),
                    purpose: .publicService, requestId: "fixture-page-supplement"))
            let caseMember = try await ExchangeMember.register(exchange, code: "THUE", subsystem: "DANG-KY-THUE")
            try await exchange.grants.grant(
                caseMember.subsystem, service: .serviceCases, fields: ["personalNumber", "name", "dateOfBirth", "permanentResidence"],
                purpose: .publicService, legalBasis: caseMember.legalBasis, by: "admin")
            try await exchange.grants.grant(
                caseMember.subsystem, service: .linkedRecordsWrite, fields: ["tax-code"], purpose: .publicService, legalBasis: caseMember.legalBasis,
                by: "admin")
            let taxApplicationCode = try await desk.submit("tax-registration", form: ["kind": "first"], eidLevel: 2, idempotencyKey: nil, for: applicant)
                .value.application.code
            let labourMember = try await ExchangeMember.register(exchange, code: "LAO-DONG", subsystem: "TRO-CAP-THAT-NGHIEP")
            try await exchange.grants.grant(
                labourMember.subsystem, service: .serviceCases, fields: ["name", "dateOfBirth"], purpose: .publicService,
                legalBasis: labourMember.legalBasis, by: "admin")
            let labourCode = try await desk.submit(
                "unemployment-benefit",
                form: ["lastEmployer": "Công ty TNHH Minh An", "contractEnded": "2026-11-02", "paymentAccount": "0011004455667"],
                attachments: [AttachmentUpload(code: "termination", content: Self.birthNotice.content, fileName: "chấm dứt hợp đồng.pdf")],
                eidLevel: 2, idempotencyKey: nil, for: applicant
            ).value.application.code
            let lines = Array(#"{"personalNumber":"\#(a1)","name":"Nguyễn Văn An"}"#.utf8) + [UInt8(ascii: "\n")]
            let batch = try await exchange.receiveBatch(
                AsyncStream {
                    $0.yield(lines)
                    $0.finish()
                }, digest: try ContentDigest.Expectation(ContentDigest.header(for: lines)),
                for: member.caller(purpose: "social-insurance", requestId: "fixture-batch"))
            while try await exchange.workOnBatches() > 0 {}
            guard let log = services.transparency, let witness = Self.witness else { throw StoreError.backend("the harness has no transparency log") }
            try await log.checkpoints.publish()
            guard var checkpoint = SignedNote(try await log.checkpoint()) else { throw StoreError.backend("the log's checkpoint is not a note") }
            checkpoint.signatures.append(try Cosignature.sign(checkpoint.text, time: 1_800_000_000, by: witness))
            let harness = WebHarness(
                fixture: fixture, services: services, tokens: tokens, householdId: household.id, extra: extra,
                verifyBody: verifyBody, sodBase64: Data(chip.sod).base64EncodedString(),
                faceBase64: Data(face).base64EncodedString(), oidc: oidc, foreignerSession: foreignerSession,
                registrationCode: registrationCode, watch: watch, member: member,
                subscriptionId: subscription.subscription.id, consentId: consentId, batchId: batch.id,
                cosignedCheckpoint: checkpoint.serialized, applicationCode: applicationCode, supplementCode: supplementCode, caseMember: caseMember,
                taxApplicationCode: taxApplicationCode, deskApplicationCode: deskApplicationCode, paperCode: paperCode,
                pageSupplementCode: pageSupplementCode, labourMember: labourMember, labourCode: labourCode)
            // Without the background services, so that every statement a test sees is its request's own.
            let app = try buildApplication(platform, logger: logger ?? Logger(label: "dancu-test"), background: false)
            let contract = try Contract.shared.get()
            return try await app.test(setup) { client in try await body(harness, ContractCheckingClient(base: client, contract: contract)) }
        }
    }

    func headers(_ officer: String?, purpose: Purpose? = nil, json: Bool = false, extra: HTTPFields = [:]) -> HTTPFields {
        var h = extra
        if let officer, let token = tokens[officer] { h[.authorization] = "Bearer \(token)" }
        if let purpose, let name = HTTPField.Name(Purpose.header) { h[name] = purpose.rawValue }
        if json { h[.contentType] = "application/json" }
        return h
    }

    /// A request of the harness's member system, signed for the router's `http://localhost`.
    func memberHeaders(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, purpose: String = "social-insurance", legalBasis: String? = nil,
        consent: String? = nil, created: Int? = nil, nonce: String? = nil
    ) throws -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in try member.signedHeaders(
            method: method.rawValue, targetURI: "http://localhost" + path, body: Array((body ?? "").utf8), purpose: purpose,
            legalBasis: legalBasis, consent: consent, created: created, nonce: nonce)
        {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return fields
    }

    /// A request of the tax administration's registration subsystem, for `public-service`.
    func caseMemberHeaders(_ method: HTTPRequest.Method, _ path: String, body: String? = nil, member: ExchangeMember? = nil) throws -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in try (member ?? caseMember).signedHeaders(
            method: method.rawValue, targetURI: "http://localhost" + path, body: Array((body ?? "").utf8), purpose: "public-service")
        {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return fields
    }

    func number(_ key: String) throws -> String {
        if let n = extra[key] { return n.rawValue }
        return try fixture.number(key).rawValue
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The fields a problem+json body names.
    var problemFields: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
}
