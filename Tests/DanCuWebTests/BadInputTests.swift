import DanCuAccess
import DanCuCore
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let body: String?
        let headers: HTTPFields
        let field: String
        var description: String { "\(method) \(path) → \(field)" }
    }

    static func cases(_ h: WebHarness) throws -> [Case] {
        let a1 = try h.number("a1")
        let a2 = try h.number("a2")
        let a3 = try h.number("a3")
        let hh = h.householdId
        let ward = #"{"country":"VNM","provinceCode":"01","wardCode":"00004","unitList":"current"}"#
        let noWard = #"{"country":"VNM","provinceCode":"01","wardCode":"99999","unitList":"current"}"#
        let birth = { (name: String, sex: String, born: String, place: String) in
            #"{"name":"\#(name)","sex":"\#(sex)","dateOfBirth":"\#(born)","placeOfBirth":\#(place),"birthRegistrationPlace":\#(place),"ethnicity":"01","religion":"none","nationality":"VNM"}"#
        }
        func c(_ method: HTTPRequest.Method, _ path: String, _ body: String?, _ field: String, _ headers: HTTPFields = [:]) -> Case {
            Case(method: method, path: path, body: body, headers: headers, field: field)
        }
        let stale: HTTPFields = [.ifMatch: "\"x7\""]
        let current: HTTPFields = [.ifMatch: "\"1\""]
        let purpose = HTTPField.Name(Purpose.header)!
        let card: HTTPFields = [purpose: Purpose.identityCard.rawValue]
        let verifying: HTTPFields = [purpose: Purpose.identityVerification.rawValue]
        let face = #""face":"\#(h.faceBase64)""#
        let gif = Data("GIF89a-not-a-photo".utf8).base64EncodedString()
        return [
            c(.post, "/v1/births", "{", "body"),
            c(.post, "/v1/births", "", "body"),
            c(.post, "/v1/births", "[]", "body"),
            c(.post, "/v1/births", #"{"sex":"male"}"#, "name"),
            c(.post, "/v1/births", birth("", "male", "2026-01-01", ward), "name"),
            c(.post, "/v1/births", birth("Lê Văn A", "robot", "2026-01-01", ward), "sex"),
            c(.post, "/v1/births", birth("Lê Văn A", "male", "2026-13-01", ward), "dateOfBirth"),
            c(.post, "/v1/births", birth("Lê Văn A", "male", "2199-01-01", ward), "dateOfBirth"),
            c(
                .post, "/v1/births", birth("Lê Văn A", "male", "2026-01-01", ward), "Idempotency-Key",
                [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 300)]),
            c(.post, "/v1/persons", #"{"personalNumber":"12"}"#, "personalNumber"),
            c(.post, "/v1/persons", #"{"personalNumber":"001080000999","name":"A B"}"#, "otherNames"),
            c(.post, "/v1/persons/\(a1)/events", #"{"change":{"flying":{}}}"#, "change"),
            c(.post, "/v1/persons/\(a1)/events", #"{"change":{"widowed":{}}}"#, "change"),
            c(.post, "/v1/persons/\(a1)/events", #"{"change":{"deathRecorded":{"date":"soon"}}}"#, "change.deathRecorded.date"),
            c(.post, "/v1/persons/\(a3)/events", #"{"change":{"corrected":{"correction":{}}}}"#, "reason", current),
            c(.post, "/v1/persons/\(a1)/events", #"{"change":{"reappeared":{}}}"#, "If-Match", stale),
            c(.post, "/v1/persons/12345/events", #"{"change":{"reappeared":{}}}"#, "number"),
            c(.post, "/v1/persons/\(a1)/residence", #"{"kind":"sideways","since":"2026-01-01"}"#, "kind"),
            c(.post, "/v1/persons/\(a1)/residence", #"{"kind":"temporary","place":\#(ward),"since":"2026-01-01"}"#, "until"),
            c(.post, "/v1/persons/\(a1)/residence", #"{"kind":"permanent","since":"2026-01-01"}"#, "place"),
            c(.post, "/v1/persons/\(a3)/residence", #"{"kind":"permanent","place":\#(noWard),"since":"2026-01-01"}"#, "place.wardCode", current),
            c(.post, "/v1/persons/\(a3)/residence", #"{"kind":"permanent","place":\#(ward),"since":"2026-01-01"}"#, "If-Match"),
            c(.post, "/v1/persons/\(a1)/stay-notices", #"{"place":\#(ward),"from":"2026-01-01","until":"2026-01-05"}"#, "host"),
            c(.post, "/v1/persons/\(a1)/temporary-absences", #"{"from":"2026-01-01","until":"2026-02-01"}"#, "reason"),
            c(.post, "/v1/households", #"{"head":"abc","address":\#(ward),"validFrom":"2026-01-01"}"#, "head"),
            c(.post, "/v1/households", #"{"head":"\#(a3)","validFrom":"2026-01-01"}"#, "address"),
            c(.post, "/v1/households/\(hh)/members", #"{"personalNumber":"\#(a3)","relationship":"boss","validFrom":"2026-01-01"}"#, "relationship"),
            c(.post, "/v1/households/\(hh)/members", #"{"personalNumber":"\#(a3)","relationship":"head","validFrom":"2026-01-01"}"#, "relationship"),
            c(.delete, "/v1/households/\(hh)/members/\(a2)?validFrom=yesterday", nil, "validFrom"),
            c(.delete, "/v1/households/\(hh)/members/42", nil, "number"),
            c(.put, "/v1/households/\(hh)/head", #"{"personalNumber":"\#(a3)","formerHeadRelationship":"spouse","validFrom":"2026-01-01"}"#, "newHead"),
            c(.get, "/v1/persons?name=", nil, "name"),
            c(.get, "/v1/persons?name=an&limit=0", nil, "limit"),
            c(.get, "/v1/persons?name=an&ward=nowhere", nil, "ward"),
            c(.get, "/v1/persons?name=an&cursor=%%%", nil, "cursor"),
            c(.get, "/v1/persons/\(a1)?validOn=2026-02-30", nil, "validOn"),
            c(.get, "/v1/persons/\(a1)", nil, Purpose.header, [HTTPField.Name(Purpose.header)!: "curiosity"]),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"new"}"#, "kind", card),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"first","biometrics":{"face":"@@@"}}"#, "biometrics.face", card),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"first","biometrics":{"face":"\#(gif)"}}"#, "face", card),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"first"}"#, "face", card),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"first","biometrics":{\#(face),"fingerprints":[""]}}"#, "fingerprints[0]", card),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"renewal","reason":"renewal-age","biometrics":{\#(face)}}"#, "kind", card),
            c(.post, "/v1/persons/\(a3)/cards", #"{"kind":"first","reason":"lost","biometrics":{\#(face)}}"#, "reason", card),
            c(.post, "/v1/persons/123/cards", #"{"kind":"first"}"#, "number", card),
            c(.post, "/v1/cards/\(a1)-1/events", #"{"event":"explode"}"#, "event", card),
            c(.post, "/v1/cards/\(a1)-1/events", #"{"event":"replace"}"#, "event", card),
            c(.post, "/v1/cards/\(a1)-1/events", #"{"event":"revoke"}"#, "reason", [purpose: Purpose.identityCard.rawValue, .ifMatch: "\"4\""]),
            c(.post, "/v1/cards/\(a1)-1/events", #"{"event":"report-lost"}"#, "If-Match", card),
            c(.post, "/v1/cards/\(a1)-1/events", #"{"event":"report-lost"}"#, "If-Match", [purpose: Purpose.identityCard.rawValue, .ifMatch: "\"x7\""]),
            c(.post, "/v1/cards/\(a1)-1/events", #"{"event":"report-lost"}"#, "If-Match", [purpose: Purpose.identityCard.rawValue, .ifMatch: "\"9\""]),
            c(.post, "/v1/cards/verify", #"{"sod":"AAAA","dataGroups":{"1":"AAAA"}}"#, "sod", verifying),
            c(.post, "/v1/cards/verify", #"{"sod":"MIIB","dataGroups":{"1":"AAAA"}}"#, "sod", verifying),
            c(.post, "/v1/cards/verify", #"{"sod":"!!","dataGroups":{"1":"AAAA"}}"#, "sod", verifying),
            c(.post, "/v1/cards/verify", #"{"sod":"\#(h.sodBase64)","dataGroups":{}}"#, "dataGroups.1", verifying),
            c(.post, "/v1/cards/verify", #"{"sod":"\#(h.sodBase64)","dataGroups":{"1":"AA==","99":"AA=="}}"#, "dataGroups.99", verifying),
            c(.post, "/v1/cards/verify", #"{"sod":"\#(h.sodBase64)","dataGroups":{"1":"%%"}}"#, "dataGroups.1", verifying),
            c(.post, "/v1/cards/verify", #"{"dataGroups":{}}"#, "sod", verifying),
        ]
    }

    static let tables = [
        "persons", "life_events", "outbox", "households", "household_members", "idempotency_keys", "allocated_numbers",
        "cards", "card_events", "card_biometrics", "card_chips",
    ]

    @Test(arguments: Backend.all) func badInputGetsAProblemNamingTheFieldAndWritesNothing(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            for bad in try Self.cases(h) {
                var before: [Int] = []
                for t in Self.tables { before.append(try await h.fixture.count(t)) }
                var headers = h.headers("central", purpose: .civilStatus, json: true)
                for field in bad.headers { headers[field.name] = field.value }
                let response = try await client.execute(
                    uri: bad.path, method: bad.method, headers: headers,
                    body: bad.body.map { ByteBuffer(string: $0) })
                #expect([400, 412, 422, 428].contains(response.status.code), "\(bad): \(response.status) \(response.text)")
                #expect(response.isProblem, "\(bad)")
                #expect(response.problemFields.contains(bad.field), "\(bad): \(response.text)")
                var after: [Int] = []
                for t in Self.tables { after.append(try await h.fixture.count(t)) }
                #expect(after == before, "\(bad) wrote something")
            }
        }
    }

    /// HTTP and JSON as their RFCs have them: the decoder's leniency, a body of another media type, a
    /// wrong method and the compiler's words in messages were all let through before.
    @Test func protocolDetails() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let json = h.headers("central", purpose: .civilStatus, json: true)
            let comma = try await client.execute(
                uri: "/v1/births", method: .post, headers: json,
                body: ByteBuffer(string: #"{"name":"Lê Văn A","sex":"male",}"#))
            #expect(comma.status == .badRequest)
            #expect(comma.problemFields == ["body"])
            #expect(StrictJSON.trailingComma(in: Data(#"{"a":[1, 2 ,\#n]}"#.utf8)) == 11)
            #expect(StrictJSON.trailingComma(in: Data(#"{"a":"x,]", "b":[1,2]}"#.utf8)) == nil)
            var plain = json
            plain[.contentType] = "text/plain"
            let text = try await client.execute(uri: "/v1/births", method: .post, headers: plain, body: ByteBuffer(string: "{}"))
            #expect(text.status == .unsupportedMediaType)
            #expect(text.problemFields == ["Content-Type"])
            // The decoder's own words ("Expected to decode Dictionary<String, Any>") stay out of answers.
            for body in [#"{"name":["Lê"],"sex":"male"}"#, #"{"change":[]}"#, #"{"name":"Lê Văn A","sex":"robot"}"#] {
                let r = try await client.execute(
                    uri: body.contains("change") ? "/v1/persons/\(a1)/events" : "/v1/births", method: .post,
                    headers: json, body: ByteBuffer(string: body))
                #expect(r.status == .badRequest)
                for word in ["Dictionary", "Expected to decode", "Swift", "Cannot initialize", "Sex"] { #expect(!r.text.contains(word), "\(r.text)") }
            }
            let wrongMethod = try await client.execute(uri: "/v1/persons/\(a1)", method: .delete, headers: json)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET, HEAD")
            #expect(wrongMethod.isProblem)
            let head = try await client.execute(uri: "/v1/persons/\(a1)", method: .head, headers: h.headers("central", purpose: .civilStatus))
            #expect(head.status == .ok)
            #expect(head.headers[.eTag] != nil)
            #expect(head.body.readableBytes == 0)
            let unknown = try await client.execute(uri: "/v1/nowhere", method: .delete, headers: json)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func anOversizedBodyIsRefused() async throws {
        try await WebHarness.with { h, client in
            let huge = #"{"name":""# + String(repeating: "a", count: 2 << 20) + #""}"#
            let response = try await client.execute(
                uri: "/v1/births", method: .post, headers: h.headers("central", purpose: .civilStatus, json: true),
                body: ByteBuffer(string: huge))
            #expect(response.status == .contentTooLarge)
            #expect(response.isProblem)
        }
    }

    @Test(arguments: Backend.all) func theSameIdempotencyKeyTwiceCreatesOnePerson(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let sample = try #require(try Sample.all(h).first { $0.route == "/v1/births" })
            let persons = try await h.fixture.count("persons")
            var headers = h.headers("communeA", purpose: .civilStatus, json: true)
            headers[HTTPField.Name("Idempotency-Key")!] = "khai-sinh-0001"
            let first = try await client.execute(uri: "/v1/births", method: .post, headers: headers, body: ByteBuffer(string: sample.body ?? ""))
            let second = try await client.execute(uri: "/v1/births", method: .post, headers: headers, body: ByteBuffer(string: sample.body ?? ""))
            #expect(first.status == .created)
            #expect(second.status == .ok)
            #expect(first.headers[.location] == second.headers[.location])
            #expect(try await h.fixture.count("persons") == persons + 1)
            let other = try await client.execute(
                uri: "/v1/births", method: .post, headers: headers,
                body: ByteBuffer(string: (sample.body ?? "").replacingOccurrences(of: "Khang", with: "Khoa")))
            #expect(other.status == .unprocessableContent)
            #expect(other.problemFields == ["Idempotency-Key"])
            #expect(try await h.fixture.count("persons") == persons + 1)
        }
    }

    @Test(arguments: Backend.all) func aStaleIfMatchGets412AndChangesNothing(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let a3 = try h.number("a3")
            let read = try await client.execute(uri: "/v1/persons/\(a3)", method: .get, headers: h.headers("communeA", purpose: .civilStatus))
            let etag = try #require(read.headers[.eTag])
            let body = ByteBuffer(string: #"{"change":{"nameChanged":{"name":"Hoàng Văn Giáp"}},"validFrom":"2026-03-01"}"#)
            var headers = h.headers("communeA", purpose: .civilStatus, json: true)
            headers[.ifMatch] = etag
            let first = try await client.execute(uri: "/v1/persons/\(a3)/events", method: .post, headers: headers, body: body)
            #expect(first.status == .ok)
            #expect(first.headers[.eTag] != etag)
            let events = try await h.fixture.count("life_events")
            let second = try await client.execute(uri: "/v1/persons/\(a3)/events", method: .post, headers: headers, body: body)
            #expect(second.status == .preconditionFailed)
            #expect(second.problemFields == ["If-Match"])
            #expect(try await h.fixture.count("life_events") == events)
        }
    }
}

@Suite struct LoginTests {
    @Test func repeatedWrongPasswordsFromOneSourceGet429AndRetryAfter() async throws {
        try await WebHarness.with { h, client in
            let wrong = ByteBuffer(string: #"{"username":"commune.b","password":"not the right password"}"#)
            for _ in 0..<5 {
                let response = try await client.execute(uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: wrong)
                #expect(response.status == .unauthorized)
                #expect(response.isProblem)
            }
            let right = ByteBuffer(string: #"{"username":"commune.b","password":"\#(GateFixture.password)"}"#)
            let waiting = try await client.execute(uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: right)
            #expect(waiting.status == .tooManyRequests)
            #expect(Int(waiting.headers[.retryAfter] ?? "") ?? 0 > 0)
            // The same source, another account: not slowed.
            let other = ByteBuffer(string: #"{"username":"commune.a","password":"\#(GateFixture.password)"}"#)
            #expect(try await client.execute(uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: other).status == .created)
            // An unknown user gets the same answer as a wrong password.
            let unknown = try await client.execute(
                uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"nobody","password":"whatever it is"}"#))
            #expect(unknown.status == .unauthorized)
            #expect(unknown.json["detail"] as? String == "wrong username or password")
        }
    }

    @Test func logoutRevokesTheTokenAtOnce() async throws {
        try await WebHarness.with { h, client in
            let me = try await client.execute(uri: "/v1/auth/me", method: .get, headers: h.headers("auditor"))
            #expect(me.status == .ok)
            let out = try await client.execute(uri: "/v1/auth/logout", method: .post, headers: h.headers("auditor"))
            #expect(out.status == .noContent)
            let after = try await client.execute(uri: "/v1/auth/me", method: .get, headers: h.headers("auditor"))
            #expect(after.status == .unauthorized)
        }
    }
}
