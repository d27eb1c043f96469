import Crypto
import DanCuAccess
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

/// The gateway over HTTP: a member's signed request is answered, signed and bound to it; every refusal
/// is its own 401 or 403 problem naming its reason, discloses nothing of the person, is signed too, and
/// is in the message log.
@Suite struct ExchangeRouteTests {
    /// DanCu's answer key, as a member reads it from `/x/v1/keys`.
    static func answerKey(_ client: any TestClientProtocol) async throws -> (String, VerificationKey) {
        let keys = try await client.execute(uri: "/x/v1/keys", method: .get)
        let first = try #require((keys.json["keys"] as? [[String: Any]])?.first)
        let encoded = try #require(first["x"] as? String)
        let x = try #require(ByteText.bytes(base64URL: encoded))
        let kid = try #require(first["kid"] as? String)
        return (kid, .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: x)))
    }

    /// Verifies an answer's signature as bound to the request (`method`, `path`, the request's headers).
    static func verifyAnswer(_ response: TestResponse, to method: String, path: String, request headers: HTTPFields, key: VerificationKey) throws
        -> MessageVerifier.Verified
    {
        let request = HTTPMessage(.request(method: method, targetURI: "http://localhost" + path), fields: headers.map { ($0.name.canonicalName, $0.value) })
        let answer = HTTPMessage(.response(status: Int(response.status.code)), fields: response.headers.map { ($0.name.canonicalName, $0.value) })
        try ContentDigest.verify(try #require(response.headers[HTTPField.Name("Content-Digest")!]), body: Array(buffer: response.body))
        let verifier = MessageVerifier(policy: .init(required: ExchangeGateway.answerComponents))
        return try verifier.verify(answer, request: request, now: Int(Date().timeIntervalSince1970)) { _ in key }
    }

    @Test func aSignedVerificationIsAnsweredSignedAndLoggedTwice() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let body = #"{"personalNumber":"\#(a1)","name":"nguyen van an","dateOfBirth":"1980-03-04"}"#
            let headers = try h.memberHeaders(.post, "/x/v1/verify", body: body)
            let response = try await client.execute(uri: "/x/v1/verify", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["personalNumber"] as? String == "match" && response.json["match"] as? Bool == true)
            #expect(response.json["fields"] as? [String: String] == ["name": "match", "dateOfBirth": "match"] && response.json["alive"] as? Bool == true)
            #expect(Set(response.json.keys) == ["personalNumber", "match", "fields", "alive"])
            let (_, key) = try await Self.answerKey(client)
            let verified = try Self.verifyAnswer(response, to: "POST", path: "/x/v1/verify", request: headers, key: key)
            #expect(verified.base.contains(#""signature";req: sig1=:"#))
            // Shown as the answer to another request, it does not verify.
            let other = try h.memberHeaders(.post, "/x/v1/verify", body: body)
            #expect(throws: SignatureFailure.badSignature) { try Self.verifyAnswer(response, to: "POST", path: "/x/v1/verify", request: other, key: key) }

            let requestId = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
            let exchange = try #require(h.services.exchange)
            let logged = try await exchange.messages.entries(requestId: requestId)
            #expect(logged.count == 1 && logged[0].outcome == "ok" && logged[0].subsystem == h.member.subsystem && logged[0].status == 200)
            #expect(logged[0].requestBase?.contains(#""@method": POST"#) == true && logged[0].responseBase?.contains(#""@status": 200"#) == true)
            #expect(logged[0].requestSignature != nil && logged[0].responseSignature != nil)
            let access = try await h.fixture.accessLog().filter { $0.requestId == requestId }
            #expect(access.map(\.action) == ["x-verify"] && access[0].actor == "member:BHXH/GIAM-DINH" && access[0].subject == a1)
        }
    }

    @Test func personDataHoldsOnlyTheFieldsAsked() async throws {
        try await WebHarness.with { h, client in
            let path = "/x/v1/persons/\(try h.number("a1"))?fields=name,permanentResidence"
            let response = try await client.execute(uri: path, method: .get, headers: try h.memberHeaders(.get, path))
            #expect(response.status == .ok, "\(response.text)")
            #expect(Set(response.json.keys) == ["name", "permanentResidence"] && response.json["name"] as? String == "Nguyễn Văn An")
        }
    }

    /// One refusal: its status, problem type, the reason in its detail, no personal value the member did
    /// not send, a signature, and its line in the message log.
    static func expectRefusal(
        _ h: WebHarness, _ client: any TestClientProtocol, _ disclosure: Disclosure, method: HTTPRequest.Method, path: String, body: String?,
        headers: HTTPFields, status: HTTPResponse.Status, type: String, saying: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.isProblem && response.json["type"] as? String == "/problems/" + type, "\(response.text)", sourceLocation: sourceLocation)
        #expect((response.json["detail"] as? String)?.contains(saying) == true, "\(response.text)", sourceLocation: sourceLocation)
        let sent = (body ?? "") + path
        let leaked = disclosure.personal.filter { response.text.contains($0) && !sent.contains($0) }
        #expect(leaked.isEmpty, "disclosed \(leaked)", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("Signature")!] != nil, sourceLocation: sourceLocation)
        let requestId = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
        let exchange = try #require(h.services.exchange)
        let logged = try await exchange.messages.entries(requestId: requestId)
        #expect(logged.count == 1 && logged.first?.status == Int(status.code), sourceLocation: sourceLocation)
        #expect(logged.first?.outcome.contains(type) == true, sourceLocation: sourceLocation)
    }

    @Test func everyBrokenSignatureIsRefusedWithItsOwnReason() async throws {
        try await WebHarness.with { h, client in
            let disclosure = try await Disclosure.of(h, client, officers: [])
            let a1 = try h.number("a1")
            let body = #"{"personalNumber":"\#(a1)","name":"Nguyễn Văn An"}"#
            func refused(_ headers: HTTPFields, _ type: String, _ saying: String, status: HTTPResponse.Status = .unauthorized) async throws {
                try await Self.expectRefusal(
                    h, client, disclosure, method: .post, path: "/x/v1/verify", body: body, headers: headers, status: status, type: type, saying: saying)
            }
            try await refused([:], "exchange-content-digest", "must carry Content-Digest")
            try await refused(
                [HTTPField.Name("Content-Digest")!: ContentDigest.header(for: Array(body.utf8))], "exchange-signature", "carries no Signature")
            var wrongDigest = try h.memberHeaders(.post, "/x/v1/verify", body: body)
            wrongDigest[HTTPField.Name("Content-Digest")!] = ContentDigest.header(for: Array("{}".utf8))
            try await refused(wrongDigest, "exchange-content-digest", "does not match the content")
            var forged = try h.memberHeaders(.post, "/x/v1/verify", body: body)
            forged[HTTPField.Name("DanCu-Purpose")!] = "law-enforcement"
            try await refused(forged, "exchange-signature", "does not verify")
            let old = try h.memberHeaders(.post, "/x/v1/verify", body: body, created: Int(Date().timeIntervalSince1970) - 300)
            try await refused(old, "exchange-signature-time", "s ago")
            let once = try h.memberHeaders(.post, "/x/v1/verify", body: body, nonce: "nonce-used-once")
            let first = try await client.execute(uri: "/x/v1/verify", method: .post, headers: once, body: ByteBuffer(string: body))
            #expect(first.status == .ok)
            try await refused(once, "exchange-nonce-replayed", "nonce before")

            let exchange = try #require(h.services.exchange)
            try await exchange.members.revoke(keyId: h.member.keyId, by: "admin")
            try await refused(try h.memberHeaders(.post, "/x/v1/verify", body: body), "exchange-key-revoked", "is revoked")
            try await exchange.members.add(keys: [.init(keyId: "bhxh-giam-dinh-2", key: .ed25519(h.member.key.publicKey))], to: h.member.subsystem, by: "admin")
            try await exchange.members.disable(member: "BHXH", by: "admin")
            let renamed = ExchangeMember(subsystem: h.member.subsystem, keyId: "bhxh-giam-dinh-2", key: h.member.key, legalBasis: h.member.legalBasis)
            var disabled = HTTPFields()
            for (name, value) in try renamed.signedHeaders(
                method: "POST", targetURI: "http://localhost/x/v1/verify", body: Array(body.utf8), purpose: "social-insurance")
            {
                disabled.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
            }
            try await refused(disabled, "exchange-member-disabled", "is disabled", status: .forbidden)
        }
    }

    /// A read's nonce is claimed in its message-log line's transaction: a replayed read is refused before
    /// its answer leaves (the read itself is in the access log, as every read is), and only its refusal
    /// is in the message log. A write claims its nonce first: a replayed write writes nothing.
    @Test func aReplayedReadDisclosesNothingAndAReplayedWriteWritesNothing() async throws {
        try await WebHarness.with { h, client in
            let disclosure = try await Disclosure.of(h, client, officers: [])
            let a1 = try h.number("a1")
            let path = "/x/v1/persons/\(a1)?fields=name,permanentResidence"
            let read = try h.memberHeaders(.get, path)
            let first = try await client.execute(uri: path, method: .get, headers: read)
            #expect(first.status == .ok && first.json["name"] as? String == "Nguyễn Văn An", "\(first.text)")
            try await Self.expectRefusal(
                h, client, disclosure, method: .get, path: path, body: nil, headers: read, status: .unauthorized, type: "exchange-nonce-replayed",
                saying: "nonce before")
            let reads = try await h.fixture.accessLog().filter { $0.action == "x-person-data" && $0.subject == a1 }
            #expect(reads.count == 2 && Set(reads.map(\.requestId)).count == 2)

            let records = "/x/v1/persons/\(a1)/records"
            let card = #"{"type":"health-insurance-card","data":{"cardNumber":"DN4010123456789","validFrom":"2026-01-01","validTo":"2026-12-31"}}"#
            let write = try h.memberHeaders(.post, records, body: card)
            let written = try await client.execute(uri: records, method: .post, headers: write, body: ByteBuffer(string: card))
            #expect(written.status == .created, "\(written.text)")
            try await Self.expectRefusal(
                h, client, disclosure, method: .post, path: records, body: card, headers: write, status: .unauthorized, type: "exchange-nonce-replayed",
                saying: "nonce before")
            let held = try await h.fixture.register.store.read { db in
                try db.queryOne("SELECT COUNT(*) AS n FROM exchange_linked_records WHERE personal_number = ?", [.text(a1)])?["n"].int
            }
            #expect(held == 1)
        }
    }

    @Test func everyUngrantedRequestIsRefusedNamingWhatIsMissing() async throws {
        try await WebHarness.with { h, client in
            let disclosure = try await Disclosure.of(h, client, officers: [])
            let a1 = try h.number("a1")
            func refusedRead(_ query: String, purpose: String = "social-insurance", legalBasis: String? = nil, consent: String? = nil, saying: String)
                async throws
            {
                let path = "/x/v1/persons/\(a1)?fields=\(query)"
                try await Self.expectRefusal(
                    h, client, disclosure, method: .get, path: path, body: nil,
                    headers: try h.memberHeaders(.get, path, purpose: purpose, legalBasis: legalBasis, consent: consent), status: .forbidden,
                    type: "forbidden", saying: saying)
            }
            try await refusedRead("name,phone", saying: "the field phone is not granted")
            try await refusedRead("name", purpose: "tax-administration", saying: "the purpose tax-administration is not granted")
            try await refusedRead("name", legalBasis: "58/2014/QH13", saying: "the legal basis 58/2014/QH13 is not granted")
            let verify = #"{"personalNumber":"\#(a1)","sex":"male"}"#
            try await Self.expectRefusal(
                h, client, disclosure, method: .post, path: "/x/v1/verify", body: verify, headers: try h.memberHeaders(.post, "/x/v1/verify", body: verify),
                status: .forbidden, type: "forbidden", saying: "the field sex is not granted")

            // A bank: not a government body, so it reads only with the citizen's consent.
            let exchange = try #require(h.services.exchange)
            let bank = try await ExchangeMember.register(exchange, code: "VCB", subsystem: "KYC", kind: "bank", legalBasis: "14/2022/QH15")
            try await exchange.grants.grant(
                bank.subsystem, service: .personData, fields: ["name", "dateOfBirth"], purpose: .customerDueDiligence, legalBasis: bank.legalBasis, by: "admin")
            let path = "/x/v1/persons/\(a1)?fields=name"
            func bankHeaders(_ consent: String?) throws -> HTTPFields {
                var fields = HTTPFields()
                for (name, value) in try bank.signedHeaders(
                    method: "GET", targetURI: "http://localhost" + path, body: [], purpose: "customer-due-diligence", consent: consent)
                {
                    fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
                }
                return fields
            }
            try await Self.expectRefusal(
                h, client, disclosure, method: .get, path: path, body: nil, headers: try bankHeaders(nil), status: .forbidden, type: "forbidden",
                saying: "only with the citizen's consent")
            let consent = try await exchange.consents.give(
                subject: try PersonalNumber(a1), member: "VCB", fields: ["name"], purpose: .customerDueDiligence, days: 30)
            let allowed = try await client.execute(uri: path, method: .get, headers: try bankHeaders(consent))
            #expect(allowed.status == .ok && allowed.json["name"] as? String == "Nguyễn Văn An", "\(allowed.text)")
            try await exchange.consents.withdraw(consent, subject: try PersonalNumber(a1))
            try await Self.expectRefusal(
                h, client, disclosure, method: .get, path: path, body: nil, headers: try bankHeaders(consent), status: .forbidden, type: "forbidden",
                saying: "was withdrawn by the citizen")

            // The law ends: refused the next day, naming the day it ended.
            try await exchange.grants.end(document: h.member.legalBasis, on: exchange.clock.today().adding(days: -1), by: "admin")
            try await refusedRead("name", saying: "expired on")
        }
    }
}

/// The citizen's view: every access by a member system, in their own access log, names the member, the
/// service, the fields, the purpose and the legal basis in words.
@Suite struct ExchangeCitizenViewTests {
    @Test func aMembersReadIsInTheCitizensLogInWords() async throws {
        try await WebHarness.with { h, client in
            let path = "/x/v1/persons/\(try h.number("a1"))?fields=name,dateOfBirth"
            let read = try await client.execute(uri: path, method: .get, headers: try h.memberHeaders(.get, path))
            #expect(read.status == .ok)
            let token = try await MeRouteTests.signIn(h, client)
            let log = try await client.execute(uri: "/me/api/access-log?limit=20", method: .get, headers: [.authorization: "Bearer \(token)"])
            let items = log.json["items"] as? [[String: Any]] ?? []
            let member = try #require(items.first { $0["action"] as? String == "x-person-data" }, "\(log.text)")
            #expect(member["who"] as? String == "Thành viên BHXH (BHXH/GIAM-DINH)")
            #expect(member["actionText"] as? String == "Khai thác thông tin của bạn")
            #expect(member["purposeText"] as? String == "Bảo hiểm xã hội, bảo hiểm y tế")
            #expect(member["fieldsText"] as? String == "họ tên, ngày sinh")
            #expect(member["legalBasis"] as? String == "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 10")
            // The harness's watch list made a1 an entry too: the member follows their life events.
            #expect(items.contains { $0["action"] as? String == "x-subscribe" && ($0["who"] as? String)?.hasPrefix("Thành viên BHXH") == true })
        }
    }
}

/// A bank reads a citizen's data with the consent the citizen gave in /me, and not once they withdraw it.
@Suite struct ExchangeConsentRouteTests {
    @Test func theCitizenGivesAndWithdrawsTheConsentABankCites() async throws {
        try await WebHarness.with { h, client in
            let exchange = try #require(h.services.exchange)
            let bank = try await ExchangeMember.register(exchange, code: "VCB", subsystem: "KYC", kind: "bank", legalBasis: "14/2022/QH15")
            try await exchange.grants.grant(
                bank.subsystem, service: .personData, fields: ["name", "dateOfBirth"], purpose: .customerDueDiligence, legalBasis: bank.legalBasis,
                by: "admin")
            let token = try await MeRouteTests.signIn(h, client)
            let me: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let bad = try await client.execute(
                uri: "/me/api/exchange-consents", method: .post, headers: me,
                body: ByteBuffer(string: #"{"member":"VCB","fields":["salary"],"purpose":"customer-due-diligence","days":30}"#))
            #expect(bad.status == .unprocessableContent && bad.problemFields == ["fields[0]"], "\(bad.text)")
            let given = try await client.execute(
                uri: "/me/api/exchange-consents", method: .post, headers: me,
                body: ByteBuffer(string: #"{"member":"VCB","fields":["name","dateOfBirth"],"purpose":"customer-due-diligence","days":30}"#))
            #expect(given.status == .created, "\(given.text)")
            let id = try #require(given.json["id"] as? String)

            let path = "/x/v1/persons/\(try h.number("a1"))?fields=name,dateOfBirth"
            func bankRead() async throws -> TestResponse {
                var headers = HTTPFields()
                for (name, value) in try bank.signedHeaders(
                    method: "GET", targetURI: "http://localhost" + path, body: [], purpose: "customer-due-diligence", consent: id)
                {
                    headers.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
                }
                return try await client.execute(uri: path, method: .get, headers: headers)
            }
            let read = try await bankRead()
            #expect(read.status == .ok && read.json["dateOfBirth"] as? String == "1980-03-04", "\(read.text)")
            let listed = try await client.execute(uri: "/me/api/exchange-consents", method: .get, headers: me)
            #expect((listed.json["items"] as? [[String: Any]])?.contains { $0["id"] as? String == id && $0["member"] as? String == "VCB" } == true)
            let withdrawn = try await client.execute(uri: "/me/api/exchange-consents/\(id)", method: .delete, headers: me)
            #expect(withdrawn.status == .noContent)
            let again = try await client.execute(uri: "/me/api/exchange-consents/\(id)", method: .delete, headers: me)
            #expect(again.status == .notFound)
            let refused = try await bankRead()
            #expect(refused.status == .forbidden && (refused.json["detail"] as? String)?.contains("withdrawn") == true)
            #expect(!refused.text.contains("1980-03-04"))
        }
    }
}

/// Linked records: a member writes its own data about a person with provenance, typed by the catalogue;
/// another member reads it only by grant; the citizen sees it as an integrated document.
@Suite struct LinkedRecordRouteTests {
    static func headers(_ member: ExchangeMember, _ method: String, _ path: String, body: String = "", purpose: String) throws -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in try member.signedHeaders(method: method, targetURI: "http://localhost" + path, body: Array(body.utf8), purpose: purpose) {
            fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
        }
        return fields
    }

    @Test func aHealthInsuranceCardIsWrittenReadByGrantAndShownToTheCitizen() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let path = "/x/v1/persons/\(a1)/records"
            let card = #"{"type":"health-insurance-card","data":{"cardNumber":"DN4010123456789","validFrom":"2026-01-01","validTo":"2026-12-31"}}"#
            let written = try await client.execute(
                uri: path, method: .post, headers: try h.memberHeaders(.post, path, body: card), body: ByteBuffer(string: card))
            #expect(written.status == .created, "\(written.text)")
            #expect(written.json["member"] as? String == "BHXH" && written.json["legalBasis"] as? String == "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 10")

            // Bad data is refused naming each field; a register field is never a linked record's.
            let bad = #"{"type":"health-insurance-card","data":{"cardNumber":"","validFrom":"2026-13-01","name":"x"}}"#
            let refused = try await client.execute(
                uri: path, method: .post, headers: try h.memberHeaders(.post, path, body: bad), body: ByteBuffer(string: bad))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(Set(refused.problemFields) == ["data.name", "data.cardNumber", "data.validFrom", "data.validTo"], "\(refused.text)")
            // A number the register lacks: 404 for a member granted the nation.
            let nobody = "/x/v1/persons/001080999999/records"
            let missing = try await client.execute(
                uri: nobody, method: .post, headers: try h.memberHeaders(.post, nobody, body: card), body: ByteBuffer(string: card))
            #expect(missing.status == .notFound, "\(missing.text)")

            // Tax reads it only once granted.
            let exchange = try #require(h.services.exchange)
            let tax = try await ExchangeMember.register(exchange, code: "THUE", subsystem: "TRA-CUU", legalBasis: "38/2019/QH14")
            let read = path + "?types=health-insurance-card"
            let denied = try await client.execute(uri: read, method: .get, headers: try Self.headers(tax, "GET", read, purpose: "tax-administration"))
            #expect(denied.status == .forbidden && !denied.text.contains("DN4010123456789"), "\(denied.text)")
            try await exchange.grants.grant(
                tax.subsystem, service: .linkedRecords, fields: ["health-insurance-card"], purpose: .taxAdministration, legalBasis: tax.legalBasis, by: "admin")
            let allowed = try await client.execute(uri: read, method: .get, headers: try Self.headers(tax, "GET", read, purpose: "tax-administration"))
            let items = allowed.json["items"] as? [[String: Any]] ?? []
            #expect(allowed.status == .ok && items.count == 1 && (items.first?["data"] as? [String: Any])?["cardNumber"] as? String == "DN4010123456789")

            let token = try await MeRouteTests.signIn(h, client)
            let mine = try await client.execute(uri: "/me/api/linked-records", method: .get, headers: [.authorization: "Bearer \(token)"])
            let documents = mine.json["items"] as? [[String: Any]] ?? []
            #expect(documents.count == 1 && documents.first?["type"] as? String == "health-insurance-card" && documents.first?["member"] as? String == "BHXH")
        }
    }
}

/// Member systems registered over HTTP: administrators only, bad fields named, a revoked key refused at
/// the gateway from the next request.
@Suite struct MemberAdministrationRouteTests {
    @Test func administratorsRegisterMembersAndRevokeKeys() async throws {
        try await WebHarness.with { h, client in
            let member = #"{"code":"viettel","nameVietnamese":"","nameEnglish":"Viettel","kind":"isp"}"#
            var headers = h.headers("admin", json: true)
            let bad = try await client.execute(uri: "/v1/exchange/members", method: .post, headers: headers, body: ByteBuffer(string: member))
            #expect(bad.status == .unprocessableContent && Set(bad.problemFields) == ["code", "nameVietnamese", "kind"], "\(bad.text)")
            headers = h.headers("central", json: true)
            let good = #"{"code":"VIETTEL","nameVietnamese":"Tập đoàn Viettel","nameEnglish":"Viettel","kind":"telecom"}"#
            let notAdmin = try await client.execute(uri: "/v1/exchange/members", method: .post, headers: headers, body: ByteBuffer(string: good))
            #expect(notAdmin.status == .forbidden && notAdmin.isProblem)
            let added = try await client.execute(
                uri: "/v1/exchange/members", method: .post, headers: h.headers("admin", json: true), body: ByteBuffer(string: good))
            #expect(added.status == .created)
            let listed = try await client.execute(uri: "/v1/exchange/members", method: .get, headers: h.headers("admin"))
            #expect((listed.json["items"] as? [[String: Any]])?.contains { $0["code"] as? String == "VIETTEL" && $0["kind"] as? String == "telecom" } == true)

            let path = "/x/v1/persons/\(try h.number("a1"))?fields=name"
            #expect(try await client.execute(uri: path, method: .get, headers: try h.memberHeaders(.get, path)).status == .ok)
            let revoked = try await client.execute(uri: "/v1/exchange/keys/\(h.member.keyId)", method: .delete, headers: h.headers("admin"))
            #expect(revoked.status == .noContent)
            let refused = try await client.execute(uri: path, method: .get, headers: try h.memberHeaders(.get, path))
            #expect(refused.status == .unauthorized && refused.json["type"] as? String == "/problems/exchange-key-revoked")
        }
    }
}
