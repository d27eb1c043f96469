import DanCuAccess
import DanCuCore
import DanCuExchange
import DanCuStore
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

/// The interlinked procedures (liên thông) over HTTP: the parent applies with eID, the ward's
/// civil-status officer and police approve in their queues, and social insurance's member system,
/// signing its requests, reads the case and reports its decision through the exchange gateway.
@Suite struct InterlinkedServicesTests {
    static let birth =
        #"{"childName":"Nguyễn Minh Khôi","childSex":"male","childBirthDate":"2026-11-30","placeOfBirth":"Bệnh viện Phụ sản Hà Nội","childEthnicity":"01","parentRole":"father"}"#

    /// A civil-status officer of `ward`, signed in, with the purpose 'public-service'.
    static func civilStatus(_ h: WebHarness, ward: String, username: String) async throws -> HTTPFields {
        _ = try await h.services.accounts.add(
            username: username, displayName: username, role: .civilStatusOfficer, jurisdiction: "ward:\(ward)", password: GateFixture.password)
        let token = try await h.services.accounts.login(username: username, password: GateFixture.password).token
        return [.authorization: "Bearer \(token)", ServicesAPITests.purpose: "public-service", .contentType: "application/json"]
    }

    /// Social insurance's subsystem `subsystem`, granted `service-cases` for the purpose 'public-service'
    /// (and the writing of `records`), under the harness's insurance law.
    static func insurance(_ h: WebHarness, _ subsystem: String, records: [String] = [], granted: Bool = true) async throws -> ExchangeMember {
        let exchange = try #require(h.services.exchange)
        let member = try await ExchangeMember.register(exchange, code: "BHXH", subsystem: subsystem)
        if granted {
            try await exchange.grants.grant(
                member.subsystem, service: .serviceCases, fields: ["personalNumber", "name", "dateOfBirth", "sex", "vitalStatus"],
                purpose: .publicService, legalBasis: member.legalBasis, by: "admin")
        }
        if !records.isEmpty {
            try await exchange.grants.grant(
                member.subsystem, service: .linkedRecordsWrite, fields: records, purpose: .publicService, legalBasis: member.legalBasis, by: "admin")
        }
        return member
    }

    /// A signed request of `member` for the purpose 'public-service'.
    static func send(
        _ client: some TestClientProtocol, _ member: ExchangeMember, _ method: HTTPRequest.Method, _ path: String, body: String = ""
    ) async throws -> TestResponse {
        let headers = try LinkedRecordRouteTests.headers(member, method.rawValue, path, body: body, purpose: "public-service")
        return try await client.execute(uri: path, method: method, headers: headers, body: body.isEmpty ? nil : ByteBuffer(string: body))
    }

    static func decide(_ client: some TestClientProtocol, _ officer: HTTPFields, _ code: String, _ step: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/applications/\(code)/steps/\(step)/decision", method: .post, headers: officer, body: ByteBuffer(string: #"{"decision":"approve"}"#))
    }

    static func queueCodes(_ response: TestResponse) -> [String] {
        (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test func procedure17EndsWithTheChildInTheHouseholdAndACardFromSocialInsurance() async throws {
        try await WebHarness.with { h, client in
            let ungranted = try await Self.insurance(h, "THE-BHYT", granted: false)
            let refused = try await Self.send(client, ungranted, .get, "/x/v1/cases")
            #expect(refused.status == .forbidden && refused.isProblem && refused.text.contains("service-cases"), "\(refused.text)")
            let exchange = try #require(h.services.exchange)
            try await exchange.grants.grant(
                ungranted.subsystem, service: .serviceCases, fields: ["personalNumber", "name", "dateOfBirth", "sex", "vitalStatus"],
                purpose: .publicService, legalBasis: ungranted.legalBasis, by: "admin")
            try await exchange.grants.grant(
                ungranted.subsystem, service: .linkedRecordsWrite, fields: ["health-insurance-card"], purpose: .publicService,
                legalBasis: ungranted.legalBasis, by: "admin")
            let bhyt = ungranted

            let body = #"{"procedure":"birth-residence-health-insurance","fields":\#(Self.birth)\#(WebHarness.papers())}"#
            let submitted = try await client.execute(
                uri: "/me/api/applications", method: .post, headers: ServicesAPITests.citizen(h), body: ByteBuffer(string: body))
            #expect(submitted.status == .created, "\(submitted.text)")
            let code = try #require(submitted.json["code"] as? String)
            // The card waits for the birth: nothing in social insurance's queue yet.
            #expect(Self.queueCodes(try await Self.send(client, bhyt, .get, "/x/v1/cases")).isEmpty)

            let registrar = try await Self.civilStatus(h, ward: GateFixture.wardA, username: "tp.a")
            #expect((try await Self.decide(client, registrar, code, "birth")).status == .ok)
            let police = h.headers("central", purpose: .publicService, json: true)
            let policeQueue = try await client.execute(uri: "/v1/service-queue", method: .get, headers: h.headers("central"))
            #expect(Self.queueCodes(policeQueue).contains(code), "\(policeQueue.text)")
            #expect((try await Self.decide(client, police, code, "residence")).status == .ok)

            // Social insurance finds the step in its queue and reads the case: only the fields asked.
            let queue = try await Self.send(client, bhyt, .get, "/x/v1/cases")
            #expect(Self.queueCodes(queue) == [code], "\(queue.text)")
            let path = "/x/v1/cases/\(code)?fields=personalNumber,name,dateOfBirth"
            let file = try await Self.send(client, bhyt, .get, path)
            #expect(file.status == .ok, "\(file.text)")
            let child = try #require((file.json["subject"] as? [String: Any])?["personalNumber"] as? String)
            #expect(Set((file.json["subject"] as? [String: Any] ?? [:]).keys) == ["personalNumber", "name", "dateOfBirth"])
            #expect(file.text.contains("Nguyễn Minh Khôi") && file.text.contains("Nguyễn Văn An"), "\(file.text)")
            #expect((file.json["step"] as? [String: Any])?["id"] as? String == "health-insurance" && file.json["fields"] != nil)
            let notGranted = try await Self.send(client, bhyt, .get, "/x/v1/cases/\(code)?fields=name,phone")
            #expect(notGranted.status == .forbidden && notGranted.text.contains("phone") && !notGranted.text.contains("Khôi"), "\(notGranted.text)")
            // Another member's subsystem is told nothing of it.
            let other = try await client.execute(
                uri: "/x/v1/cases/\(code)?fields=name", method: .get, headers: try h.memberHeaders(.get, "/x/v1/cases/\(code)?fields=name"))
            #expect(other.status == .notFound && !other.text.contains("Khôi"), "\(other.text)")

            // The card is the step's result: an approval without it, or with another type, is refused and writes nothing.
            let decision = "/x/v1/cases/\(code)/steps/health-insurance/decision"
            let records = try await h.fixture.count("exchange_linked_records")
            let bare = try await Self.send(client, bhyt, .post, decision, body: #"{"decision":"approve"}"#)
            #expect(bare.status == .badRequest && bare.problemFields == ["record"], "\(bare.text)")
            let wrongType = #"{"decision":"approve","record":{"type":"tax-code","data":{"taxCode":"8001234567"}}}"#
            #expect((try await Self.send(client, bhyt, .post, decision, body: wrongType)).problemFields == ["record.type"])
            let badCard = #"{"decision":"approve","record":{"type":"health-insurance-card","data":{"cardNumber":"TE1010123456789"}}}"#
            let incomplete = try await Self.send(client, bhyt, .post, decision, body: badCard)
            #expect(incomplete.status == .unprocessableContent && incomplete.problemFields.contains("data.validFrom"), "\(incomplete.text)")
            #expect(try await h.fixture.count("exchange_linked_records") == records)

            let card =
                #"{"decision":"approve","record":{"type":"health-insurance-card","data":{"cardNumber":"TE1010123456789","validFrom":"2026-11-30","validTo":"2032-11-29"}}}"#
            let approved = try await Self.send(client, bhyt, .post, decision, body: card)
            #expect(approved.status == .ok && approved.json["status"] as? String == "result-issued", "\(approved.text)")
            let again = try await Self.send(client, bhyt, .post, decision, body: card)
            #expect(again.status == .notFound, "a decided step is no longer the member's to decide: \(again.text)")

            // The parent sees the child's number, the residence and the card in one application.
            let seen = try await client.execute(uri: "/me/api/applications/\(code)", method: .get, headers: ServicesAPITests.citizen(h))
            let results = seen.json["results"] as? [[String: Any]] ?? []
            #expect(results.count == 3 && results.allSatisfy { $0["issued"] as? Bool == true }, "\(seen.text)")
            let values = results.compactMap { $0["value"] as? String }
            try #require(values.count == 3, "\(values)")
            #expect(values[0].contains(child) && values[1].contains("Hà Nội") && values[2].contains("TE1010123456789"), "\(values)")
            #expect(!seen.text.contains("member:BHXH"), "the applicant is not told who acted")

            // The register holds the child in the parent's household; the card is linked to the child.
            let record = try await client.execute(uri: "/v1/persons/\(child)", method: .get, headers: h.headers("central", purpose: .civilStatus))
            let person = record.json["person"] as? [String: Any] ?? [:]
            #expect(person["householdId"] as? String == h.householdId && person["permanentResidence"] != nil, "\(record.text)")
            #expect(try await h.fixture.count("exchange_linked_records") == records + 1)
            let logged = try await h.fixture.logStore.read { db in
                try db.query("SELECT action FROM access_log WHERE actor = ? AND subject = ?", [.text("member:BHXH/THE-BHYT"), .text(child)]).map {
                    try $0.string("action")
                }
            }
            #expect(logged.contains("x-service-case-read") && logged.contains("x-service-approve"), "\(logged)")
        }
    }

    @Test func procedure18EndsWithTheDeathTheResidenceRemovedAndTheAllowanceDecided() async throws {
        try await WebHarness.with { h, client in
            let b1 = try h.number("b1")
            let allowance = try await Self.insurance(h, "MAI-TANG")
            let body =
                #"{"procedure":"death-residence-funeral-allowance","fields":{"deceased":"\#(b1)","dateOfDeath":"2026-12-01","placeOfDeath":"Nhà riêng","relationship":"sibling"}\#(WebHarness.papers("death-notice"))}"#
            let submitted = try await client.execute(
                uri: "/me/api/applications", method: .post, headers: ServicesAPITests.citizen(h), body: ByteBuffer(string: body))
            #expect(submitted.status == .created, "\(submitted.text)")
            let code = try #require(submitted.json["code"] as? String)

            // The death is registered where b1 lived: ward B's civil-status officer, not ward A's.
            let wardA = try await Self.civilStatus(h, ward: GateFixture.wardA, username: "tp.a")
            let outside = try await Self.decide(client, wardA, code, "death")
            #expect(outside.status == .forbidden && outside.isProblem, "\(outside.text)")
            let wardB = try await Self.civilStatus(h, ward: GateFixture.wardB, username: "tp.b")
            #expect((try await Self.decide(client, wardB, code, "death")).status == .ok)
            #expect(Self.queueCodes(try await Self.send(client, allowance, .get, "/x/v1/cases")) == [code])
            #expect((try await Self.decide(client, h.headers("central", purpose: .publicService, json: true), code, "residence-removal")).status == .ok)

            let file = try await Self.send(client, allowance, .get, "/x/v1/cases/\(code)?fields=name,vitalStatus")
            #expect(((file.json["subject"] as? [String: Any])?["vitalStatus"] as? [String: Any])?["status"] as? String == "dead", "\(file.text)")
            let decision = "/x/v1/cases/\(code)/steps/funeral-allowance/decision"
            let noReason = try await Self.send(client, allowance, .post, decision, body: #"{"decision":"refuse"}"#)
            #expect(noReason.status == .badRequest && noReason.problemFields == ["reason"], "\(noReason.text)")
            let record = #"{"decision":"approve","record":{"type":"health-insurance-card","data":{}}}"#
            #expect((try await Self.send(client, allowance, .post, decision, body: record)).problemFields == ["record"])
            let unknown = try await Self.send(client, allowance, .post, decision, body: #"{"decision":"approve","extra":1}"#)
            #expect(unknown.status == .badRequest && unknown.isProblem, "\(unknown.text)")
            let granted = #"{"decision":"approve","summary":"Trợ cấp mai táng 23.400.000 đồng, chi trả trong 5 ngày làm việc"}"#
            let approved = try await Self.send(client, allowance, .post, decision, body: granted)
            #expect(approved.status == .ok && approved.json["status"] as? String == "result-issued", "\(approved.text)")

            let seen = try await client.execute(uri: "/me/api/applications/\(code)", method: .get, headers: ServicesAPITests.citizen(h))
            let results = seen.json["results"] as? [[String: Any]] ?? []
            #expect(results.map { $0["issued"] as? Bool } == [true, true, true], "\(seen.text)")
            #expect((results.last?["value"] as? String)?.contains("23.400.000") == true)
            let person = try await client.execute(uri: "/v1/persons/\(b1)", method: .get, headers: h.headers("central", purpose: .civilStatus))
            let record18 = person.json["person"] as? [String: Any] ?? [:]
            #expect((record18["vitalStatus"] as? [String: Any])?["status"] as? String == "dead" && record18["permanentResidence"] == nil, "\(person.text)")
        }
    }
}
