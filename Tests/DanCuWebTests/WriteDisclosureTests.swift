@_spi(Gate) import DanCuAccess
import DanCuStore
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The newcomer's trial: a commune officer of ward A wrote a stay notice for c1, who lives in province
/// 79, into ward A, and the answer held c1's whole record. These reproduce it and its neighbours.
@Suite struct WriteDisclosureTests {
    static let wardA = #"{"country":"VNM","provinceCode":"01","wardCode":"00004","unitList":"current","detail":"Số 9 Đội Cấn"}"#

    static func stay(_ presence: String? = nil) -> String {
        #"{"place":\#(wardA),"from":"2026-04-02","until":"2026-04-09","host":"Khách sạn Ba Đình"\#(presence.map { #","presence":\#($0)"# } ?? "")}"#
    }

    static func fields(_ h: WebHarness, requestId: String?) async throws -> [String] {
        try await h.fixture.logStore.read { db in
            try db.query("SELECT fields FROM access_log WHERE request_id = ? ORDER BY id", [.text(requestId ?? "")])
                .map { try $0.string("fields") }
        }
    }

    @Test func aStayForAnOutsiderWithoutProofIsRefusedAndWritesNothing() async throws {
        try await WebHarness.with { h, client in
            let c1 = try h.number("c1")
            let events = try await h.fixture.count("life_events")
            let response = try await client.execute(
                uri: "/v1/persons/\(c1)/stay-notices", method: .post,
                headers: h.headers("communeA", purpose: .residenceManagement, json: true),
                body: ByteBuffer(string: Self.stay()))
            #expect(response.status == .forbidden)
            #expect(!response.text.contains("Phạm"))
            #expect(try await h.fixture.count("life_events") == events)
            let read = try await client.execute(uri: "/v1/persons/\(c1)", method: .get, headers: h.headers("communeA", purpose: .residenceManagement))
            #expect(read.status == .forbidden)
        }
    }

    @Test func aProvenStayAnswersTheNewVersionAndNothingOfTheRecord() async throws {
        try await WebHarness.with { h, client in
            let c1 = try h.number("c1")
            let response = try await client.execute(
                uri: "/v1/persons/\(c1)/stay-notices", method: .post,
                headers: h.headers("communeA", purpose: .residenceManagement, json: true),
                body: ByteBuffer(string: Self.stay(#"{"fullName":"Pham Thi Dung","dateOfBirth":"1990-11-12"}"#)))
            #expect(response.status == .ok, "\(response.text)")
            #expect(Set(response.json.keys) == ["personalNumber", "recorded", "version"])
            #expect(response.json["version"] as? Int == 2)
            #expect(response.headers[.eTag] == "\"2\"")
            let logged = try await Self.fields(h, requestId: response.headers[HTTPField.Name("X-Request-Id")!])
            #expect(logged == ["stayNotices"])
            // A stay gives no lasting access: c1 still lives in province 79.
            let read = try await client.execute(uri: "/v1/persons/\(c1)", method: .get, headers: h.headers("communeA", purpose: .residenceManagement))
            #expect(read.status == .forbidden)
        }
    }

    @Test func aWriteThatAnswersTheRecordNamesItInTheLog() async throws {
        try await WebHarness.with { h, client in
            let a3 = try h.number("a3")
            var headers = h.headers("communeA", purpose: .residenceManagement, json: true)
            headers[.ifMatch] = "\"1\""
            let response = try await client.execute(
                uri: "/v1/persons/\(a3)/stay-notices", method: .post, headers: headers,
                body: ByteBuffer(string: Self.stay()))
            #expect(response.status == .ok)
            #expect((response.json["person"] as? [String: Any])?["personalNumber"] as? String == a3)
            let logged = try await Self.fields(h, requestId: response.headers[HTTPField.Name("X-Request-Id")!])
            #expect(logged == ["stayNotices,record"])
        }
    }

    @Test func anUpdateOfAReadablePersonNeedsIfMatch() async throws {
        try await WebHarness.with { h, client in
            let a3 = try h.number("a3")
            let response = try await client.execute(
                uri: "/v1/persons/\(a3)/stay-notices", method: .post,
                headers: h.headers("communeA", purpose: .residenceManagement, json: true),
                body: ByteBuffer(string: Self.stay()))
            #expect(response.status.code == 428)
            #expect(response.problemFields == ["If-Match"])
        }
    }

    /// Whether the number is unknown, belongs to someone outside the area, or the proof is wrong, the
    /// refusal is the same: no answer tells them apart.
    @Test func refusalsSayNothingOfWhetherANumberExists() async throws {
        try await WebHarness.with { h, client in
            let c1 = try h.number("c1")
            let unknown = "079190999999"
            func answer(_ path: String, _ method: HTTPRequest.Method, _ body: String? = nil) async throws -> (HTTPResponse.Status, String, String) {
                let r = try await client.execute(
                    uri: path, method: method, headers: h.headers("communeA", purpose: .residenceManagement, json: body != nil),
                    body: body.map { ByteBuffer(string: $0) })
                return (r.status, r.json["type"] as? String ?? "", r.json["detail"] as? String ?? "")
            }
            for suffix in ["", "/history", "?validOn=2020-01-01"] {
                let outsider = try await answer("/v1/persons/\(c1)\(suffix)", .get)
                #expect(outsider.0 == .forbidden)
                #expect(try await answer("/v1/persons/\(unknown)\(suffix)", .get) == outsider, "\(suffix)")
            }
            for (suffix, purpose) in [("/cards", Purpose.identityCard), ("/eid", .citizenRequest)] {
                func read(_ number: String) async throws -> (HTTPResponse.Status, String) {
                    let r = try await client.execute(uri: "/v1/persons/\(number)\(suffix)", method: .get, headers: h.headers("communeA", purpose: purpose))
                    return (r.status, r.json["detail"] as? String ?? "")
                }
                let outsider = try await read(c1)
                #expect(outsider.0 == .forbidden)
                #expect(try await read(unknown) == outsider, "\(suffix)")
            }
            let wrong = Self.stay(#"{"fullName":"Phạm Thị Dung","dateOfBirth":"1990-11-13"}"#)
            let mismatch = try await answer("/v1/persons/\(c1)/stay-notices", .post, wrong)
            #expect(mismatch.0 == .forbidden)
            #expect(try await answer("/v1/persons/\(unknown)/stay-notices", .post, wrong) == mismatch)
            let death = #"{"change":{"deathRecorded":{"date":"2026-01-02"}}}"#
            #expect(try await answer("/v1/persons/\(unknown)/events", .post, death) == answer("/v1/persons/\(c1)/events", .post, death))
            // The centre, who may read everyone, is told that the number is unknown.
            let central = try await client.execute(uri: "/v1/persons/\(unknown)", method: .get, headers: h.headers("central", purpose: .residenceManagement))
            #expect(central.status == .notFound)
        }
    }

    /// A card chip read at the counter proves its holder, and no one else.
    @Test func aVerifiedChipProvesItsHolderOnly() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let a2 = try h.number("a2")
            let wardB = #"{"country":"VNM","provinceCode":"01","wardCode":"00008","unitList":"current"}"#
            let body = #"{"place":\#(wardB),"from":"2026-04-02","until":"2026-04-09","host":"Nhà bà Lan","presence":{"chip":\#(h.verifyBody)}}"#
            func post(_ number: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/v1/persons/\(number)/stay-notices", method: .post,
                    headers: h.headers("communeB", purpose: .residenceManagement, json: true), body: ByteBuffer(string: body))
            }
            let holder = try await post(a1)
            #expect(holder.status == .ok, "\(holder.text)")
            #expect(Set(holder.json.keys) == ["personalNumber", "recorded", "version"])
            #expect(try await post(a2).status == .forbidden)
        }
    }
}
