import DanCuAccess
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Foreigners with residence cards: accounts made by province police, signed in to self-service and
/// to relying parties with what the card says.
@Suite struct ForeignerRouteTests {
    static func registration(
        number: String = "TR7654321", born: String = "1985-02-03", validUntil: String = "2030-01-01", nationality: String = "DEU",
        level: Int = 2, ward: String = "00004"
    ) -> ByteBuffer {
        ByteBuffer(
            string: """
                {"residenceCard":{"number":"\(number)","kind":"permanent","name":"Anna Schmidt","sex":"female","dateOfBirth":"\(born)",
                 "nationality":"\(nationality)","validUntil":"\(validUntil)","issuedBy":"Phòng QLXNC Công an TP Hà Nội","wardCode":"\(ward)"},
                 "level":\(level),"email":"anna@example.de","password":"\(GateFixture.password)"}
                """)
    }

    @Test(arguments: Backend.all) func provincePoliceRegisterAForeignerWhoThenSignsIn(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let created = try await client.execute(
                uri: "/v1/eid/foreigners", method: .post,
                headers: h.headers("province01", purpose: .citizenRequest, json: true), body: Self.registration())
            #expect(created.status == .created, "\(created.text)")
            #expect((created.json["account"] as? [String: Any])?["subject"] as? String == "rc:TR7654321")
            #expect((created.json["account"] as? [String: Any])?["kind"] as? String == "foreigner")
            let log = try await h.fixture.accessLog()
            #expect(log.last?.subject == "rc:TR7654321" && log.last?.action == "eid-register-foreigner" && log.last?.decision == "allowed")

            // Self-service shows the card, not a register record.
            let session = try await client.execute(
                uri: "/me/api/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"rc:TR7654321","password":"\#(GateFixture.password)"}"#))
            let token = try #require(session.json["token"] as? String)
            let card = try await client.execute(uri: "/me/api/residence-card", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(card.status == .ok && card.json["name"] as? String == "Anna Schmidt" && card.json["nationality"] as? String == "DEU")
            let record = try await client.execute(uri: "/me/api/record", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(record.status == .notFound && record.isProblem)
            let own = try await client.execute(uri: "/me/api/access-log", method: .get, headers: [.authorization: "Bearer \(token)"])
            let actions = (own.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("eid-register-foreigner") && actions.contains("self-read-residence-card"))
            let page = try await client.execute(uri: "/me", method: .get, headers: [.cookie: "dancu_me=\(token)"])
            #expect(page.status == .ok && page.text.contains("Anna Schmidt") && page.text.contains("Thẻ cư trú"))
        }
    }

    @Test func whoMayRegisterAndWhatIsRefused() async throws {
        try await WebHarness.with { h, client in
            for officer in ["communeA", "province79", "communeB", "auditor", "admin"] {
                let response = try await client.execute(
                    uri: "/v1/eid/foreigners", method: .post,
                    headers: h.headers(officer, purpose: .citizenRequest, json: true), body: Self.registration())
                #expect(response.status == .forbidden, "\(officer): \(response.text)")
            }
            let cases: [(ByteBuffer, [String])] = [
                (Self.registration(nationality: "VNM"), ["residenceCard.nationality"]),
                (Self.registration(validUntil: "2020-01-01"), ["residenceCard.validUntil"]),
                (Self.registration(number: "x"), ["residenceCard.number"]),
                (Self.registration(ward: "99999"), ["residenceCard.wardCode"]),
                (Self.registration(born: "2024-01-01", level: 2), ["level"]),  // under six: level 1 only
            ]
            for (body, fields) in cases {
                let response = try await client.execute(
                    uri: "/v1/eid/foreigners", method: .post,
                    headers: h.headers("central", purpose: .citizenRequest, json: true), body: body)
                #expect(response.status == .unprocessableContent && response.problemFields == fields, "\(fields): \(response.text)")
            }
            let child = try await client.execute(
                uri: "/v1/eid/foreigners", method: .post, headers: h.headers("central", purpose: .citizenRequest, json: true),
                body: Self.registration(born: "2024-01-01", level: 1))
            #expect(child.status == .created)
            let twice = try await client.execute(
                uri: "/v1/eid/foreigners", method: .post, headers: h.headers("central", purpose: .citizenRequest, json: true),
                body: Self.registration(born: "2024-01-01", level: 1))
            #expect(twice.status == .conflict)
            // Bad dates are a 400 naming the field.
            let notADate = try await client.execute(
                uri: "/v1/eid/foreigners", method: .post, headers: h.headers("central", purpose: .citizenRequest, json: true),
                body: Self.registration(born: "yesterday"))
            #expect(notADate.status == .badRequest && notADate.problemFields.first?.hasPrefix("residenceCard.dateOfBirth") == true, "\(notADate.problemFields)")
        }
    }

    @Test(arguments: Backend.all) func officersOfTheForeignersWardReadLockAndUnlock(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let path = "/v1/eid/foreigners/\(WebHarness.foreignerCard.lowercased())"
            let read = try await client.execute(uri: path, method: .get, headers: h.headers("communeA", purpose: .citizenRequest))
            #expect(read.status == .ok && (read.json["residenceCard"] as? [String: Any])?["name"] as? String == "Kim Min-jun", "\(read.text)")
            let elsewhere = try await client.execute(uri: path, method: .get, headers: h.headers("communeB", purpose: .citizenRequest))
            #expect(elsewhere.status == .forbidden)
            let locked = try await client.execute(
                uri: path + "/lock", method: .post, headers: h.headers("communeA", purpose: .lawEnforcement, json: true),
                body: ByteBuffer(string: #"{"reason":"nghi giả mạo"}"#))
            #expect(locked.status == .ok && locked.json["status"] as? String == "locked")
            // The foreigner's session ended with the lock.
            let me = try await client.execute(uri: "/me/api/residence-card", method: .get, headers: [.authorization: "Bearer \(h.foreignerSession)"])
            #expect(me.status == .unauthorized)
            let unlocked = try await client.execute(
                uri: path + "/unlock", method: .post, headers: h.headers("communeA", purpose: .citizenRequest, json: true),
                body: ByteBuffer(string: "{}"))
            #expect(unlocked.status == .ok && unlocked.json["status"] as? String == "active")
            let unknown = try await client.execute(uri: "/v1/eid/foreigners/ZZ9999999", method: .get, headers: h.headers("central", purpose: .citizenRequest))
            #expect(unknown.status == .notFound && unknown.isProblem)
            let log = try await h.fixture.accessLog().filter { $0.subject == "rc:" + WebHarness.foreignerCard }
            #expect(log.map(\.action).suffix(4) == ["eid-read", "eid-read", "eid-lock", "eid-unlock"])
            #expect(log.map(\.decision).suffix(4) == ["allowed", "denied", "allowed", "allowed"])
        }
    }
}
