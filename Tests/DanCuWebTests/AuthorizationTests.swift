@_spi(Gate) import DanCuAccess
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

@Suite struct AuthorizationTests {
    static let officers = ["communeA", "communeB", "province01", "province79", "central", "auditor", "admin", "bank"]

    /// Who may use a route about ward A: its commune officer, Hà Nội's province officer and the centre;
    /// the access log only auditors.
    static func allowed(_ sample: Sample) -> Set<String> {
        sample.allowed ?? (sample.purpose == .audit ? ["auditor"] : ["communeA", "province01", "central"])
    }

    /// The officer's token is required of the route the router matched, not of the path as sent: a
    /// doubled slash reaches the same route and meets the same check.
    @Test func aPathWrittenOtherwiseMeetsTheSameTokenCheck() async throws {
        try await WebHarness.with { h, client in
            for path in ["//v1/auth/me", "//v1/households/\(h.householdId)"] {
                let response = try await client.execute(uri: path, method: .get, headers: [HTTPField.Name(Purpose.header)!: "audit"])
                #expect(response.status == .unauthorized, "\(path)")
                #expect(response.text.contains("send Authorization: Bearer TOKEN"), "\(path): \(response.text)")
            }
        }
    }

    @Test func everyRouteBehindTheGateRefusesRequestsWithoutAToken() async throws {
        try await WebHarness.with { h, client in
            let before = try await h.fixture.accessLog().count  // the harness's own token issuance
            let open: Set<String> = ["/v1/auth/login", "/v1/procedures", "/v1/procedures/{code}"]
            for sample in try Sample.all(h) where sample.path.hasPrefix("/v1/") && !open.contains(sample.route) {
                let response = try await client.execute(
                    uri: sample.path, method: sample.method, headers: h.headers(nil, purpose: sample.purpose, json: true),
                    body: sample.body.map { ByteBuffer(string: $0) })
                #expect(response.status == .unauthorized, "\(sample)")
                #expect(response.isProblem)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="dancu""#)
            }
            let forged = try await client.execute(
                uri: "/v1/persons/\(try h.number("a1"))", method: .get,
                headers: [.authorization: "Bearer dct_forged", HTTPField.Name(Purpose.header)!: "civil-status"])
            #expect(forged.status == .unauthorized)
            #expect(try await h.fixture.accessLog().count == before)
        }
    }

    /// Walking every route proves each one that touches a person reaches the gate: without a purpose
    /// the gate refuses, naming the header, and logs exactly one denial.
    @Test(arguments: Backend.all) func everyPersonalDataRouteGoesThroughTheGate(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let samples = try Sample.all(h).filter(\.personalData)
            #expect(samples.count == 36)
            for sample in samples {
                let before = try await h.fixture.accessLog().count
                let officer = sample.purpose == .audit ? "auditor" : "central"
                let response = try await client.execute(
                    uri: sample.path, method: sample.method, headers: h.headers(officer, json: true),
                    body: sample.body.map { ByteBuffer(string: $0) })
                #expect(response.status == .badRequest, "\(sample): \(response.text)")
                #expect(response.problemFields == [Purpose.header], "\(sample)")
                let log = try await h.fixture.accessLog()
                #expect(log.count == before + 1, "\(sample)")
                #expect(log.last?.decision == "denied", "\(sample)")
            }
        }
    }

    /// The samples of the matrix: every personal-data route about ward A, and the writes into ward A for
    /// c1, who lives in another province, with no proof of presence, a wrong one and the right one.
    static func matrixSamples(_ h: WebHarness) throws -> [Sample] {
        try Sample.all(h).filter(\.personalData)
            + Sample.outsider(h, presence: nil)
            + Sample.outsider(h, presence: #"{"fullName":"Pham Thi Dung","dateOfBirth":"1990-11-13"}"#).map { $0.allowing(["central"]) }
            + Sample.outsider(h, presence: #"{"fullName":"PHẠM THỊ DUNG","dateOfBirth":"1990-11-12"}"#)
    }

    /// Every role and jurisdiction against every route about ward A and every write for an outsider:
    /// allowed, or 403 with a logged denial and nothing written; and either way the answer discloses
    /// no personal value the caller's own reads would not give them.
    ///
    /// A refusal changes nothing and a read only adds to the access log, so all the refusals share one
    /// register and all the allowed reads another, each walked one request after another so that every
    /// request's counts are its own. An allowed write changes the register: each gets a fresh one.
    @Test func theAuthorisationMatrix() async throws {
        let writes = try await WebHarness.with { h, _ in
            try Self.matrixSamples(h).enumerated().filter(\.element.isWrite).flatMap { index, sample in
                Self.officers.filter { Self.allowed(sample).contains($0) }.map { MatrixJob.allowedWrite(index, $0) }
            }
        }
        let jobs: [MatrixJob] = [.refusals, .allowedReads] + writes
        try await fewAtATime(jobs) { job in
            try await WebHarness.with { h, client in
                let samples = try Self.matrixSamples(h)
                switch job {
                case .refusals:
                    let disclosure = try await Disclosure.of(h, client, officers: Self.officers)
                    for sample in samples {
                        for officer in Self.officers where !Self.allowed(sample).contains(officer) {
                            try await Self.refuses(sample, officer, h, client, disclosure)
                        }
                    }
                case .allowedReads:
                    let disclosure = try await Disclosure.of(h, client, officers: Self.officers)
                    for sample in samples where !sample.isWrite {
                        for officer in Self.officers where Self.allowed(sample).contains(officer) {
                            try await Self.allows(sample, officer, h, client, disclosure)
                        }
                    }
                case .allowedWrite(let index, let officer):
                    try await Self.allows(samples[index], officer, h, client, try await Disclosure.of(h, client, officers: [officer]))
                }
            }
        }
    }

    enum MatrixJob: Sendable {
        case refusals, allowedReads
        case allowedWrite(Int, String)
    }

    /// `officer` is refused `sample`: 403, a logged denial, nothing written, nothing disclosed.
    static func refuses(_ sample: Sample, _ officer: String, _ h: WebHarness, _ client: any TestClientProtocol, _ disclosure: Disclosure) async throws {
        let events = try await h.fixture.count("life_events") + h.fixture.count("card_events") + h.fixture.count("eid_auth_events")
        let denials = try await h.fixture.accessLog().filter { $0.decision == "denied" }.count
        let response = try await client.execute(
            uri: sample.path, method: sample.method, headers: try sample.headers(h, officer),
            body: sample.body.map { ByteBuffer(string: $0) })
        #expect(response.status == .forbidden, "\(sample) as \(officer): \(response.text)")
        #expect(response.isProblem)
        #expect(disclosure.leaked(Data(buffer: response.body), to: officer, sent: sample).isEmpty, "\(sample) as \(officer): \(response.text)")
        #expect(try await h.fixture.count("life_events") + h.fixture.count("card_events") + h.fixture.count("eid_auth_events") == events)
        #expect(try await h.fixture.accessLog().filter { $0.decision == "denied" }.count == denials + 1, "\(sample) as \(officer)")
    }

    /// `officer` is allowed `sample`: its success, and nothing disclosed beyond the officer's own reads.
    static func allows(_ sample: Sample, _ officer: String, _ h: WebHarness, _ client: any TestClientProtocol, _ disclosure: Disclosure) async throws {
        let response = try await client.execute(
            uri: sample.path, method: sample.method, headers: try sample.headers(h, officer),
            body: sample.body.map { ByteBuffer(string: $0) })
        #expect(response.status == sample.success, "\(sample) as \(officer): \(response.text)")
        let leaked = disclosure.leaked(Data(buffer: response.body), to: officer, sent: sample)
        #expect(leaked.isEmpty, "\(sample) as \(officer) disclosed \(leaked): \(response.text)")
    }

    /// Each read leaves one allowed entry for each person whose data it returned, and no more.
    @Test(arguments: Backend.all) func eachPersonalDataReadLeavesExactlyOneEntryPerPersonRead(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let reads = try Sample.all(h).filter { $0.personalData && !$0.isWrite && $0.purpose != .audit }
            for sample in reads {
                let before = try await h.fixture.accessLog().count
                let response = try await client.execute(uri: sample.path, method: .get, headers: h.headers("central", purpose: sample.purpose))
                #expect(response.status == .ok)
                let requestId = response.headers[HTTPField.Name("X-Request-Id")!]
                let added = Array(try await h.fixture.accessLog().dropFirst(before))
                let people: Set<String>
                switch sample.route {
                case "/v1/persons": people = Set((response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["personalNumber"] as? String })
                case "/v1/households/{id}": people = Set((response.json["members"] as? [[String: Any]] ?? []).compactMap { $0["personalNumber"] as? String })
                case "/v1/eid/foreigners/{cardNumber}": people = ["rc:" + WebHarness.foreignerCard]
                case "/v1/quality/duplicates":
                    let pairs = response.json["items"] as? [[String: Any]] ?? []
                    people = Set(pairs.flatMap { [$0["first"], $0["second"]] }.compactMap { ($0 as? [String: Any])?["personalNumber"] as? String })
                default: people = [try h.number("a1")]
                }
                #expect(!people.isEmpty, "\(sample)")
                #expect(added.count == people.count, "\(sample)")
                #expect(Set(added.compactMap(\.subject)) == people, "\(sample)")
                #expect(added.allSatisfy { $0.decision == "allowed" && $0.requestId == requestId }, "\(sample)")
            }
        }
    }

    @Test func aCommuneOfficerSearchesOnlyTheirOwnWard() async throws {
        try await WebHarness.with { h, client in
            let own = try await client.execute(uri: "/v1/persons?name=l", method: .get, headers: h.headers("communeB", purpose: .civilStatus))
            #expect(own.status == .ok)
            let numbers = (own.json["items"] as? [[String: Any]] ?? []).compactMap { $0["personalNumber"] as? String }
            #expect(numbers == [try h.number("b1")])
        }
    }
}

/// Every entry names the law it was made under: officers' by their purpose, relying parties' as they
/// registered it.
@Suite struct LegalBasisTests {
    @Test(arguments: Backend.all) func everyEntryWithAPurposeNamesItsLegalBasis(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            for sample in try Sample.all(h) where sample.personalData && !sample.endsCitizenSession {
                _ = try await client.execute(
                    uri: sample.path, method: sample.method, headers: try sample.headers(h, sample.successOfficer),
                    body: sample.body.map { ByteBuffer(string: $0) })
            }
            let rows = try await h.fixture.logStore.read { db in
                try db.query("SELECT action, purpose, legal_basis FROM access_log").map {
                    (try $0.string("action"), $0["purpose"].string, $0["legal_basis"].string)
                }
            }
            #expect(rows.count > 20)
            for (action, purpose, basis) in rows where purpose != nil {
                #expect(!(basis ?? "").isEmpty, "\(action) \(purpose ?? "")")
                if action.hasPrefix("oidc-") { #expect(basis == "test", "\(action)") }
                if purpose == "residence-management" { #expect(basis == LegalBases.vietnam.officers[.residenceManagement]) }
            }
        }
    }
}

@Suite struct UnknownPurposeTests {
    /// A purpose the law does not list is refused naming the header, and the refusal is logged like a
    /// missing one (the trial found it left no entry).
    @Test func anUnknownPurposeIsRefusedAndLogged() async throws {
        try await WebHarness.with { h, client in
            let before = try await h.fixture.accessLog().count
            let a1 = try h.number("a1")
            var headers = h.headers("communeA")
            headers[HTTPField.Name(Purpose.header)!] = "curiosity"
            let response = try await client.execute(uri: "/v1/persons/\(a1)", method: .get, headers: headers)
            #expect(response.status == .badRequest && response.problemFields == [Purpose.header])
            let log = try await h.fixture.accessLog()
            #expect(log.count == before + 1)
            #expect(log.last?.decision == "denied" && log.last?.actor == "commune.a" && log.last?.subject == a1)
        }
    }
}
