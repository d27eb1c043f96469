import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuTestSupport
import Foundation
import HTTPTypes

@testable import DanCuWeb

/// One working request for every route, all about people and places of ward A in Hà Nội. Tests walk
/// this table; a test checks that it has a request for every route the router has.
struct Sample: Sendable, CustomStringConvertible {
    let method: HTTPRequest.Method
    /// The route as the router and the OpenAPI document write it.
    let route: String
    let path: String
    let body: String?
    let purpose: Purpose?
    let success: HTTPResponse.Status
    /// Who of the fixture's officers may use it, where the usual rule (ward A's officers) does not hold.
    var allowed: Set<String>? = nil
    /// Headers of its own (a form's content type, client credentials, a cookie), over the officer's.
    var extraHeaders: HTTPFields = [:]
    /// A member system's signed headers, made anew each time the sample is sent: a signature is fresh
    /// for 60 s (`ExchangeGateway.window`) and its nonce is used once.
    var signed: (@Sendable () throws -> HTTPFields)? = nil
    /// Ends or changes the harness citizen's session, consent or lock, so a run of every sample on one
    /// harness puts it last.
    var endsCitizenSession = false
    /// The officer that uses it in the success walks, where not the central officer (or the auditor for audit).
    var officer: String? = nil

    /// The same request, for these officers only.
    func allowing(_ officers: Set<String>) -> Sample {
        var copy = self
        copy.allowed = officers
        return copy
    }

    var successOfficer: String { officer ?? (purpose == .audit ? "auditor" : "central") }
    var personalData: Bool { purpose != nil }
    var isWrite: Bool { method != .get }
    var description: String { "\(method) \(route)" }

    /// The officer's token and purpose, then the sample's own headers over them.
    func headers(_ h: WebHarness, _ officer: String?) throws -> HTTPFields {
        var own = extraHeaders
        for field in try signed?() ?? [:] { own[field.name] = field.value }
        var fields = h.headers(officer, purpose: purpose, json: body != nil && own[.contentType] == nil)
        for field in own { fields[field.name] = field.value }
        return fields
    }

    static func all(_ h: WebHarness) throws -> [Sample] {
        let a1 = try h.number("a1")
        let a2 = try h.number("a2")
        let a3 = try h.number("a3")
        let a4 = try h.number("a4")
        // Each update of a person has a person of its own, at version 1 whichever samples ran before.
        let a8 = try h.number("a8")
        let a9 = try h.number("a9")
        let a10 = try h.number("a10")
        let wardA = #"{"country":"VNM","provinceCode":"01","wardCode":"00004","unitList":"current","detail":"Số 7 Phan Đình Phùng"}"#
        let newcomer = PersonCodec.encode(
            try GateFixture.person(
                "001192000107", "Đỗ Thị Lan", born: "1992-04-05", sex: .female,
                ward: GateFixture.wardA))
        let hh = h.householdId
        let firstVersion: HTTPFields = [.ifMatch: "\"1\""]
        return [
            Sample(method: .get, route: "/health/live", path: "/health/live", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/health/ready", path: "/health/ready", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/metrics", path: "/metrics", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/openapi.json", path: "/openapi.json", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/assets/dancu.css", path: "/assets/dancu.css", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/assets/transparency.js", path: "/assets/transparency.js", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/transparency/checkpoint", path: "/transparency/checkpoint", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/transparency/vkey", path: "/transparency/vkey", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/transparency/tile/**", path: "/transparency/tile/entries/000.p/1", body: nil, purpose: nil, success: .ok),
            Sample(
                method: .get, route: "/transparency/proof/inclusion", path: "/transparency/proof/inclusion?index=0&size=2", body: nil, purpose: nil,
                success: .ok),
            Sample(
                method: .get, route: "/transparency/proof/consistency", path: "/transparency/proof/consistency?from=1&to=2", body: nil,
                purpose: nil, success: .ok),
            Sample(
                method: .post, route: "/transparency/cosignature", path: "/transparency/cosignature", body: h.cosignedCheckpoint, purpose: nil,
                success: .noContent, extraHeaders: [.contentType: "text/plain; charset=utf-8"]),
            Sample(
                method: .post, route: "/v1/auth/login", path: "/v1/auth/login",
                body: #"{"username":"central","password":"\#(GateFixture.password)"}"#, purpose: nil, success: .created),
            Sample(method: .get, route: "/v1/auth/me", path: "/v1/auth/me", body: nil, purpose: nil, success: .ok),
            Sample(method: .post, route: "/v1/auth/logout", path: "/v1/auth/logout", body: nil, purpose: nil, success: .noContent),
            Sample(method: .get, route: "/v1/persons/{number}", path: "/v1/persons/\(a1)", body: nil, purpose: .residenceManagement, success: .ok),
            Sample(
                method: .get, route: "/v1/persons/{number}/history", path: "/v1/persons/\(a1)/history", body: nil,
                purpose: .residenceManagement, success: .ok),
            Sample(
                method: .get, route: "/v1/persons", path: "/v1/persons?name=nguyen&ward=00004", body: nil,
                purpose: .residenceManagement, success: .ok),
            Sample(method: .post, route: "/v1/persons", path: "/v1/persons", body: newcomer, purpose: .dataCorrection, success: .created),
            Sample(
                method: .post, route: "/v1/births", path: "/v1/births",
                body: """
                    {"name":"Nguyễn Minh Khang","sex":"male","dateOfBirth":"2026-10-20","placeOfBirth":\(wardA),
                     "birthRegistrationPlace":\(wardA),"ethnicity":"01","religion":"none","nationality":"VNM",
                     "father":{"name":"Nguyễn Văn An","personalNumber":"\(a1)","nationality":"VNM"},"permanentResidence":\(wardA)}
                    """, purpose: .civilStatus, success: .created),
            Sample(
                method: .post, route: "/v1/persons/{number}/events", path: "/v1/persons/\(a3)/events",
                body: #"{"change":{"nameChanged":{"name":"Hoàng Văn Giáp"}},"validFrom":"2026-03-01","reason":"quyết định 12/QĐ"}"#,
                purpose: .civilStatus, success: .ok, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/persons/{number}/residence", path: "/v1/persons/\(a8)/residence",
                body: #"{"kind":"temporary","place":\#(wardA),"since":"2026-04-01","until":"2027-04-01"}"#,
                purpose: .residenceManagement, success: .ok, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/persons/{number}/stay-notices", path: "/v1/persons/\(a9)/stay-notices",
                body: #"{"place":\#(wardA),"from":"2026-04-02","until":"2026-04-09","host":"Khách sạn Ba Đình"}"#,
                purpose: .residenceManagement, success: .ok, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/persons/{number}/temporary-absences", path: "/v1/persons/\(a10)/temporary-absences",
                body: #"{"from":"2026-05-01","until":"2026-08-01","reason":"công tác"}"#, purpose: .residenceManagement, success: .ok,
                extraHeaders: firstVersion),
            Sample(
                method: .get, route: "/v1/persons/{number}/access-log", path: "/v1/persons/\(a1)/access-log", body: nil,
                purpose: .audit, success: .ok),
            Sample(
                method: .post, route: "/v1/households", path: "/v1/households",
                body: #"{"head":"\#(a3)","address":\#(wardA),"validFrom":"2026-06-01"}"#, purpose: .residenceManagement, success: .created),
            Sample(method: .get, route: "/v1/households/{id}", path: "/v1/households/\(hh)", body: nil, purpose: .residenceManagement, success: .ok),
            Sample(
                method: .post, route: "/v1/households/{id}/members", path: "/v1/households/\(hh)/members",
                body: #"{"personalNumber":"\#(a4)","relationship":"nonRelative","validFrom":"2026-06-01"}"#,
                purpose: .residenceManagement, success: .ok),
            Sample(
                method: .delete, route: "/v1/households/{id}/members/{number}", path: "/v1/households/\(hh)/members/\(a2)?validFrom=2026-06-02",
                body: nil, purpose: .residenceManagement, success: .ok),
            Sample(
                method: .put, route: "/v1/households/{id}/head", path: "/v1/households/\(hh)/head",
                body: #"{"personalNumber":"\#(a2)","formerHeadRelationship":"spouse","validFrom":"2026-06-03"}"#,
                purpose: .residenceManagement, success: .ok),
        ] + eid(h) + [
            // After the eID samples: reporting a1's card lost would leave a1 no card to be raised to level 2 with.
            Sample(
                method: .post, route: "/v1/persons/{number}/cards", path: "/v1/persons/\(a4)/cards",
                body: #"{"kind":"first","biometrics":{"face":"\#(h.faceBase64)","fingerprints":["AQIDBA=="],"irises":[]}}"#,
                purpose: .identityCard, success: .created),
            Sample(method: .get, route: "/v1/persons/{number}/cards", path: "/v1/persons/\(a1)/cards", body: nil, purpose: .identityCard, success: .ok),
            Sample(method: .get, route: "/v1/cards/{cardId}", path: "/v1/cards/\(a1)-1", body: nil, purpose: .identityCard, success: .ok),
            Sample(
                method: .post, route: "/v1/cards/{cardId}/events", path: "/v1/cards/\(a1)-1/events",
                body: #"{"event":"report-lost","reason":"mất ở chợ"}"#, purpose: .identityCard, success: .ok,
                extraHeaders: [.ifMatch: "\"4\""]),
            Sample(method: .get, route: "/v1/cards/{cardId}/chip", path: "/v1/cards/\(a1)-1/chip", body: nil, purpose: .identityCard, success: .ok),
            Sample(
                method: .post, route: "/v1/cards/verify", path: "/v1/cards/verify", body: h.verifyBody, purpose: .identityVerification,
                success: .ok, allowed: ["communeA", "communeB", "province01", "province79", "central", "bank"]),
        ] + oidc(h) + me(h) + administration() + selfRegistration(h) + (try exchange(h)) + publicServices(h)
    }

    /// Writes that an officer of ward A makes for c1, who lives in ward C of another province: a move, a
    /// temporary residence, a declared current residence, a stay and a household, all into ward A.
    /// `presence` is the proof of the person at the counter, inserted into each body.
    static func outsider(_ h: WebHarness, presence: String?) throws -> [Sample] {
        let c1 = try h.number("c1")
        let wardA = #"{"country":"VNM","provinceCode":"01","wardCode":"00004","unitList":"current","detail":"Số 9 Đội Cấn"}"#
        let proof = presence.map { #","presence":\#($0)"# } ?? ""
        // Without proof only the centre, who may read c1 anyway, can make these writes.
        let everyone: Set<String> = presence == nil ? ["central"] : ["communeA", "province01", "central"]
        let firstVersion: HTTPFields = [.ifMatch: "\"1\""]
        return [
            Sample(
                method: .post, route: "/v1/persons/{number}/residence", path: "/v1/persons/\(c1)/residence",
                body: #"{"kind":"permanent","place":\#(wardA),"since":"2026-04-01"\#(proof)}"#, purpose: .residenceManagement,
                success: .ok, allowed: everyone, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/persons/{number}/residence", path: "/v1/persons/\(c1)/residence",
                body: #"{"kind":"temporary","place":\#(wardA),"since":"2026-04-01","until":"2027-04-01"\#(proof)}"#,
                purpose: .residenceManagement, success: .ok, allowed: everyone, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/persons/{number}/residence", path: "/v1/persons/\(c1)/residence",
                body: #"{"kind":"current","place":\#(wardA),"since":"2026-04-01"\#(proof)}"#, purpose: .residenceManagement,
                success: .ok, allowed: everyone, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/persons/{number}/stay-notices", path: "/v1/persons/\(c1)/stay-notices",
                body: #"{"place":\#(wardA),"from":"2026-04-02","until":"2026-04-09","host":"Khách sạn Ba Đình"\#(proof)}"#,
                purpose: .residenceManagement, success: .ok, allowed: everyone, extraHeaders: firstVersion),
            Sample(
                method: .post, route: "/v1/households", path: "/v1/households",
                body: #"{"head":"\#(c1)","address":\#(wardA),"validFrom":"2026-06-01"\#(proof)}"#, purpose: .residenceManagement,
                success: .created, allowed: everyone),
        ]
    }

    /// Level-1 self-registration: a code for a6, and a7's registration with the code the harness asked for.
    static func selfRegistration(_ h: WebHarness) -> [Sample] {
        let a6 = (try? h.number("a6")) ?? ""
        let a7 = (try? h.number("a7")) ?? ""
        return [
            Sample(
                method: .post, route: "/eid/registration/code", path: "/eid/registration/code",
                body: #"{"personalNumber":"\#(a6)","phone":"0912000666"}"#, purpose: nil, success: .accepted),
            Sample(
                method: .post, route: "/eid/registration", path: "/eid/registration",
                body: """
                    {"personalNumber":"\(a7)","phone":"0912000777","code":"\(h.registrationCode)","password":"\(GateFixture.password)","face":"\(h.faceBase64)"}
                    """, purpose: nil, success: .created),
        ]
    }

    /// Counter work on eID accounts: a6 (a card, no account) registers; a1's level-2 account is raised
    /// (again), locked and unlocked.
    static func eid(_ h: WebHarness) -> [Sample] {
        let a1 = (try? h.number("a1")) ?? ""
        let a6 = (try? h.number("a6")) ?? ""
        return [
            Sample(method: .get, route: "/v1/persons/{number}/eid", path: "/v1/persons/\(a1)/eid", body: nil, purpose: .citizenRequest, success: .ok),
            Sample(
                method: .post, route: "/v1/persons/{number}/eid", path: "/v1/persons/\(a6)/eid",
                body: #"{"level":2,"phone":"0912000666","password":"\#(GateFixture.password)"}"#, purpose: .citizenRequest, success: .created),
            Sample(
                method: .post, route: "/v1/persons/{number}/eid/level", path: "/v1/persons/\(a1)/eid/level", body: #"{"level":2}"#,
                purpose: .citizenRequest, success: .ok),
            Sample(
                method: .post, route: "/v1/persons/{number}/eid/lock", path: "/v1/persons/\(a1)/eid/lock", body: #"{"reason":"mất điện thoại"}"#,
                purpose: .citizenRequest, success: .ok, endsCitizenSession: true),
            Sample(
                method: .post, route: "/v1/persons/{number}/eid/unlock", path: "/v1/persons/\(a1)/eid/unlock", body: "{}",
                purpose: .citizenRequest, success: .ok, endsCitizenSession: true),
            Sample(
                method: .post, route: "/v1/eid/foreigners", path: "/v1/eid/foreigners",
                body: """
                    {"residenceCard":{"number":"TR7654321","kind":"permanent","name":"Anna Schmidt","sex":"female","dateOfBirth":"1985-02-03",
                     "nationality":"DEU","validUntil":"2030-01-01","issuedBy":"Phòng Quản lý xuất nhập cảnh, Công an TP Hà Nội","wardCode":"00004"},
                     "level":2,"email":"anna@example.de","password":"\(GateFixture.password)"}
                    """, purpose: .citizenRequest, success: .created, allowed: ["province01", "central"]),
            Sample(
                method: .get, route: "/v1/eid/foreigners/{cardNumber}", path: "/v1/eid/foreigners/\(WebHarness.foreignerCard)", body: nil,
                purpose: .citizenRequest, success: .ok),
            Sample(
                method: .post, route: "/v1/eid/foreigners/{cardNumber}/lock", path: "/v1/eid/foreigners/\(WebHarness.foreignerCard)/lock",
                body: #"{"reason":"hộ chiếu bị mất"}"#, purpose: .citizenRequest, success: .ok, endsCitizenSession: true),
            Sample(
                method: .post, route: "/v1/eid/foreigners/{cardNumber}/unlock", path: "/v1/eid/foreigners/\(WebHarness.foreignerCard)/unlock",
                body: "{}", purpose: .citizenRequest, success: .ok, endsCitizenSession: true),
        ]
    }

    /// The exchange gateway: signed by the harness's member system, not an officer (their purpose is the
    /// signed header's, not the officers' `DanCu-Purpose` rules).
    static func exchange(_ h: WebHarness) throws -> [Sample] {
        let a1 = try h.number("a1")
        let verify = #"{"personalNumber":"\#(a1)","name":"NGUYEN VAN AN","dateOfBirth":"1980"}"#
        let person = "/x/v1/persons/\(a1)?fields=name,dateOfBirth"
        let subscription = #"{"kinds":["death"],"watch":["\#(a1)"],"fields":["name"]}"#
        let card = #"{"type":"health-insurance-card","data":{"cardNumber":"DN4010123456789","validFrom":"2026-01-01","validTo":"2026-12-31"}}"#
        let records = "/x/v1/persons/\(a1)/records"
        let taxCase = "/x/v1/cases/\(h.taxApplicationCode)?fields=name,dateOfBirth"
        let taxDecision = "/x/v1/cases/\(h.taxApplicationCode)/steps/decision/decision"
        let taxCode = #"{"decision":"approve","record":{"type":"tax-code","data":{"taxCode":"8012345678"}}}"#
        let termination = "/x/v1/cases/\(h.labourCode)/attachments/termination"
        return [
            Sample(
                method: .post, route: "/x/v1/verify", path: "/x/v1/verify", body: verify, purpose: nil, success: .ok,
                signed: { try h.memberHeaders(.post, "/x/v1/verify", body: verify) }),
            Sample(
                method: .post, route: "/x/v1/verify/batches", path: "/x/v1/verify/batches", body: verify + "\n" + verify, purpose: nil,
                success: .accepted,
                signed: { try h.memberHeaders(.post, "/x/v1/verify/batches", body: verify + "\n" + verify).replacing(.contentType, "application/x-ndjson") }),
            Sample(
                method: .get, route: "/x/v1/verify/batches/{id}", path: "/x/v1/verify/batches/\(h.batchId)", body: nil, purpose: nil, success: .ok,
                signed: { try h.memberHeaders(.get, "/x/v1/verify/batches/\(h.batchId)") }),
            Sample(
                method: .get, route: "/x/v1/verify/batches/{id}/results", path: "/x/v1/verify/batches/\(h.batchId)/results", body: nil, purpose: nil,
                success: .ok, signed: { try h.memberHeaders(.get, "/x/v1/verify/batches/\(h.batchId)/results") }),
            Sample(
                method: .get, route: "/x/v1/persons/{number}", path: person, body: nil, purpose: nil, success: .ok,
                signed: { try h.memberHeaders(.get, person) }),
            Sample(
                method: .post, route: "/x/v1/persons/{number}/records", path: records, body: card, purpose: nil, success: .created,
                signed: { try h.memberHeaders(.post, records, body: card) }),
            Sample(
                method: .get, route: "/x/v1/persons/{number}/records", path: records + "?types=health-insurance-card", body: nil, purpose: nil,
                success: .ok, signed: { try h.memberHeaders(.get, records + "?types=health-insurance-card") }),
            Sample(
                method: .post, route: "/x/v1/subscriptions", path: "/x/v1/subscriptions", body: subscription, purpose: nil, success: .created,
                signed: { try h.memberHeaders(.post, "/x/v1/subscriptions", body: subscription) }),
            Sample(
                method: .get, route: "/x/v1/subscriptions", path: "/x/v1/subscriptions", body: nil, purpose: nil, success: .ok,
                signed: { try h.memberHeaders(.get, "/x/v1/subscriptions") }),
            Sample(
                method: .delete, route: "/x/v1/subscriptions/{id}", path: "/x/v1/subscriptions/\(h.subscriptionId)", body: nil, purpose: nil,
                success: .noContent, signed: { try h.memberHeaders(.delete, "/x/v1/subscriptions/\(h.subscriptionId)") }),
            Sample(
                method: .get, route: "/x/v1/events", path: "/x/v1/events?after=0", body: nil, purpose: nil, success: .ok,
                signed: { try h.memberHeaders(.get, "/x/v1/events?after=0") }),
            Sample(method: .get, route: "/x/v1/keys", path: "/x/v1/keys", body: nil, purpose: nil, success: .ok),
            Sample(
                method: .get, route: "/x/v1/cases", path: "/x/v1/cases", body: nil, purpose: nil, success: .ok,
                signed: { try h.caseMemberHeaders(.get, "/x/v1/cases") }),
            Sample(
                method: .get, route: "/x/v1/cases/{code}/attachments/{attachment}", path: termination, body: nil, purpose: nil, success: .ok,
                signed: { try h.caseMemberHeaders(.get, termination, member: h.labourMember) }),
            Sample(
                method: .get, route: "/x/v1/cases/{code}", path: taxCase, body: nil, purpose: nil, success: .ok,
                signed: { try h.caseMemberHeaders(.get, taxCase) }),
            Sample(
                method: .post, route: "/x/v1/cases/{code}/steps/{step}/decision", path: taxDecision, body: taxCode, purpose: nil, success: .ok,
                signed: { try h.caseMemberHeaders(.post, taxDecision, body: taxCode) }),
            Sample(method: .get, route: "/v1/exchange/members", path: "/v1/exchange/members", body: nil, purpose: nil, success: .ok, officer: "admin"),
            Sample(
                method: .post, route: "/v1/exchange/members", path: "/v1/exchange/members",
                body: #"{"code":"VNPT","nameVietnamese":"Tập đoàn Bưu chính Viễn thông","nameEnglish":"VNPT","kind":"telecom"}"#, purpose: nil,
                success: .created, officer: "admin"),
            Sample(
                method: .post, route: "/v1/exchange/members/{code}/subsystems", path: "/v1/exchange/members/BHXH/subsystems", body: #"{"code":"THU"}"#,
                purpose: nil, success: .created, officer: "admin"),
            Sample(
                method: .post, route: "/v1/exchange/members/{code}/subsystems/{subsystem}/keys", path: "/v1/exchange/members/BHXH/subsystems/GIAM-DINH/keys",
                body: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"bhxh-giam-dinh-2","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#, purpose: nil,
                success: .created, officer: "admin"),
            Sample(
                method: .delete, route: "/v1/exchange/keys/{keyId}", path: "/v1/exchange/keys/\(h.member.keyId)", body: nil, purpose: nil,
                success: .noContent, officer: "admin"),
            Sample(
                method: .delete, route: "/v1/exchange/members/{code}", path: "/v1/exchange/members/BHXH", body: nil, purpose: nil, success: .noContent,
                officer: "admin"),
            Sample(
                method: .get, route: "/v1/exchange/traffic", path: "/v1/exchange/traffic", body: nil, purpose: nil, success: .ok, officer: "admin"),
        ]
    }

    /// Relying-party administration: administrators only, no purpose.
    static func administration() -> [Sample] {
        let application = #"""
            {"clientId":"dvc-tinh","name":"Cổng dịch vụ công tỉnh","redirectURIs":["https://dvc.example.gov.vn/cb"],"scopes":"openid profile",
             "purposes":["public-service"],"legalBasis":"Nghị định 69/2024/NĐ-CP","authentication":"client_secret_basic"}
            """#
        return [
            Sample(
                method: .post, route: "/v1/relying-parties", path: "/v1/relying-parties", body: application, purpose: nil, success: .created,
                officer: "admin"),
            Sample(method: .get, route: "/v1/relying-parties", path: "/v1/relying-parties", body: nil, purpose: nil, success: .ok, officer: "admin"),
            Sample(
                method: .get, route: "/v1/relying-parties/{clientId}", path: "/v1/relying-parties/\(WebHarness.OIDCState.clientId)", body: nil,
                purpose: nil, success: .ok, officer: "admin"),
        ]
    }

    /// Citizen self-service: a1 signed in (the harness's eID session serves as bearer token and cookie);
    /// a5 locked their own account and unlocks it.
    /// Public services: the open catalogue, a1's applications (signed in with eID), and the officers' desk.
    static func publicServices(_ h: WebHarness) -> [Sample] {
        let bearer: HTTPFields = [.authorization: "Bearer \(h.oidc.sessionId)"]
        let absence =
            #"{"procedure":"temporary-absence","fields":{"destination":{"wardCode":"27637"},"from":"2027-02-01","until":"2027-02-26","reason":"Học tập"}}"#
        return [
            Sample(method: .get, route: "/v1/procedures", path: "/v1/procedures", body: nil, purpose: nil, success: .ok),
            Sample(
                method: .get, route: "/v1/procedures/{code}", path: "/v1/procedures/birth-residence-health-insurance", body: nil, purpose: nil, success: .ok),
            Sample(
                method: .get, route: "/me/api/procedures/{code}/form", path: "/me/api/procedures/birth-registration/form", body: nil, purpose: nil,
                success: .ok, extraHeaders: bearer),
            Sample(
                method: .post, route: "/me/api/applications", path: "/me/api/applications", body: absence, purpose: nil, success: .created, extraHeaders: bearer
            ),
            Sample(method: .get, route: "/me/api/applications", path: "/me/api/applications", body: nil, purpose: nil, success: .ok, extraHeaders: bearer),
            Sample(
                method: .get, route: "/me/api/applications/{code}", path: "/me/api/applications/\(h.applicationCode)", body: nil, purpose: nil, success: .ok,
                extraHeaders: bearer),
            Sample(
                method: .post, route: "/me/api/applications/{code}/supplement", path: "/me/api/applications/\(h.supplementCode)/supplement",
                body: #"{"note":"Nơi đến: Bình Chánh, Thành phố Hồ Chí Minh"}"#, purpose: nil, success: .ok, extraHeaders: bearer),
            Sample(
                method: .get, route: "/me/api/applications/{code}/attachments/{attachment}",
                path: "/me/api/applications/\(h.paperCode)/attachments/birth-notice", body: nil, purpose: nil, success: .ok, extraHeaders: bearer),
            Sample(
                method: .get, route: "/v1/applications/{code}/attachments/{attachment}", path: "/v1/applications/\(h.paperCode)/attachments/birth-notice",
                body: nil, purpose: .publicService, success: .ok),
            Sample(method: .get, route: "/v1/service-queue", path: "/v1/service-queue", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/v1/service-figures", path: "/v1/service-figures?month=2026-12", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/v1/quality/figures", path: "/v1/quality/figures?province=01", body: nil, purpose: nil, success: .ok),
            Sample(
                method: .get, route: "/v1/quality/duplicates", path: "/v1/quality/duplicates", body: nil, purpose: .dataQuality, success: .ok,
                allowed: ["province01", "province79", "central"]),
            Sample(
                method: .post, route: "/v1/quality/duplicates/decisions", path: "/v1/quality/duplicates/decisions",
                body:
                    #"{"personA":"\#((try? h.number("a3")) ?? "")","personB":"\#((try? h.number("a4")) ?? "")","decision":"not-match","reason":"hai người khác nhau"}"#,
                purpose: .dataQuality, success: .ok, allowed: ["province01", "central"]),
            Sample(
                method: .post, route: "/v1/quality/merges/undo", path: "/v1/quality/merges/undo",
                body: #"{"duplicate":"\#((try? h.number("a12")) ?? "")","reason":"không phải một người"}"#, purpose: .dataQuality, success: .ok,
                allowed: ["province01", "central"]),
            Sample(
                method: .get, route: "/v1/applications/{code}", path: "/v1/applications/\(h.applicationCode)", body: nil, purpose: .publicService,
                success: .ok),
            Sample(
                method: .post, route: "/v1/applications/{code}/steps/{step}/decision", path: "/v1/applications/\(h.applicationCode)/steps/declaration/decision",
                body: #"{"decision":"approve"}"#, purpose: .publicService, success: .ok),
        ]
    }

    static func me(_ h: WebHarness) -> [Sample] {
        let session = h.oidc.sessionId
        let bearer: HTTPFields = [.authorization: "Bearer \(session)"]
        let page: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_me=\(session)"]
        // A sign-in form's token and the cookie its page set (login CSRF).
        let signIn: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_pre=\(loginCSRF)"]
        let csrf = "csrf=\(formEncode(h.oidc.csrf))"
        let a1 = (try? h.number("a1")) ?? ""
        let a5 = (try? h.number("a5")) ?? ""
        let unlock = #"{"username":"\#(a5)","password":"\#(GateFixture.password)","passcode":"\#(WebHarness.passcode)"}"#
        // The desk pages: the central officer's token as the desk cookie; province 79's signs out.
        let central = h.tokens["central"] ?? ""
        let leaving = h.tokens["province79"] ?? ""
        return [
            Sample(
                method: .post, route: "/me/api/session", path: "/me/api/session",
                body: #"{"username":"\#(a1)","password":"\#(GateFixture.password)"}"#, purpose: nil, success: .created),
            Sample(
                method: .delete, route: "/me/api/session", path: "/me/api/session", body: nil, purpose: nil, success: .noContent,
                extraHeaders: bearer, endsCitizenSession: true),
            Sample(method: .get, route: "/me/api/record", path: "/me/api/record", body: nil, purpose: nil, success: .ok, extraHeaders: bearer),
            Sample(
                method: .get, route: "/me/api/residence-card", path: "/me/api/residence-card", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.authorization: "Bearer \(h.foreignerSession)"]),
            Sample(method: .get, route: "/me/api/account", path: "/me/api/account", body: nil, purpose: nil, success: .ok, extraHeaders: bearer),
            Sample(method: .get, route: "/me/api/consents", path: "/me/api/consents", body: nil, purpose: nil, success: .ok, extraHeaders: bearer),
            Sample(
                method: .get, route: "/me/api/linked-records", path: "/me/api/linked-records", body: nil, purpose: nil, success: .ok,
                extraHeaders: bearer),
            Sample(
                method: .get, route: "/me/api/exchange-consents", path: "/me/api/exchange-consents", body: nil, purpose: nil, success: .ok,
                extraHeaders: bearer),
            Sample(
                method: .post, route: "/me/api/exchange-consents", path: "/me/api/exchange-consents",
                body: #"{"member":"BHXH","fields":["name"],"purpose":"social-insurance","days":30}"#, purpose: nil, success: .created,
                extraHeaders: bearer),
            Sample(
                method: .delete, route: "/me/api/exchange-consents/{id}", path: "/me/api/exchange-consents/\(h.consentId)", body: nil, purpose: nil,
                success: .noContent, extraHeaders: bearer),
            Sample(
                method: .delete, route: "/me/api/consents/{clientId}", path: "/me/api/consents/\(WebHarness.OIDCState.clientId)", body: nil,
                purpose: nil, success: .noContent, extraHeaders: bearer, endsCitizenSession: true),
            Sample(
                method: .get, route: "/me/api/authentications", path: "/me/api/authentications", body: nil, purpose: nil, success: .ok,
                extraHeaders: bearer),
            Sample(
                method: .get, route: "/me/api/access-log", path: "/me/api/access-log?limit=20", body: nil, purpose: nil, success: .ok,
                extraHeaders: bearer),
            Sample(
                method: .delete, route: "/me/api/sessions", path: "/me/api/sessions", body: nil, purpose: nil, success: .noContent,
                extraHeaders: bearer, endsCitizenSession: true),
            Sample(
                method: .post, route: "/me/api/totp", path: "/me/api/totp", body: #"{"password":"\#(GateFixture.password)"}"#, purpose: nil,
                success: .created, extraHeaders: bearer),
            Sample(
                method: .post, route: "/me/api/organisations", path: "/me/api/organisations",
                body: #"{"code":"0101234567","email":"lienhe@congty.vn","password":"\#(GateFixture.password)"}"#, purpose: nil,
                success: .created, extraHeaders: bearer),
            Sample(
                method: .post, route: "/me/sessions/end", path: "/me/sessions/end", body: csrf, purpose: nil, success: .seeOther,
                extraHeaders: page, endsCitizenSession: true),
            Sample(
                method: .post, route: "/me/api/lock", path: "/me/api/lock", body: nil, purpose: nil, success: .ok, extraHeaders: bearer,
                endsCitizenSession: true),
            Sample(method: .post, route: "/me/api/unlock", path: "/me/api/unlock", body: unlock, purpose: nil, success: .ok, endsCitizenSession: true),
            Sample(method: .get, route: "/me", path: "/me", body: nil, purpose: nil, success: .ok, extraHeaders: [.cookie: "dancu_me=\(session)"]),
            Sample(method: .get, route: "/desk", path: "/desk", body: nil, purpose: nil, success: .ok, extraHeaders: [.cookie: "dancu_desk=\(central)"]),
            Sample(
                method: .post, route: "/desk/login", path: "/desk/login",
                body: "csrf=\(loginCSRF)&password=\(formEncode(GateFixture.password))&username=central", purpose: nil, success: .seeOther,
                extraHeaders: signIn),
            Sample(
                method: .post, route: "/desk/logout", path: "/desk/logout", body: "csrf=\(DeskPageRoutes.csrf(leaving))", purpose: nil,
                success: .seeOther, extraHeaders: [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_desk=\(leaving)"]),
            Sample(
                method: .get, route: "/desk/applications/{code}", path: "/desk/applications/\(h.deskApplicationCode)", body: nil, purpose: nil,
                success: .ok, extraHeaders: [.cookie: "dancu_desk=\(central)"]),
            Sample(
                method: .get, route: "/desk/applications/{code}/attachments/{attachment}", path: "/desk/applications/\(h.paperCode)/attachments/birth-notice",
                body: nil, purpose: nil, success: .ok, extraHeaders: [.cookie: "dancu_desk=\(central)"]),
            Sample(
                method: .post, route: "/desk/applications/{code}/steps/{step}", path: "/desk/applications/\(h.deskApplicationCode)/steps/declaration",
                body: "csrf=\(DeskPageRoutes.csrf(central))&decision=approve&reason=", purpose: nil, success: .seeOther,
                extraHeaders: [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_desk=\(central)"]),
            Sample(
                method: .get, route: "/desk/duplicates", path: "/desk/duplicates", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.cookie: "dancu_desk=\(central)"]),
            Sample(
                method: .post, route: "/desk/duplicates", path: "/desk/duplicates",
                body:
                    "csrf=\(DeskPageRoutes.csrf(central))&personA=\((try? h.number("a8")) ?? "")&personB=\((try? h.number("a9")) ?? "")&decision=not-match&reason=hai+ng%C6%B0%E1%BB%9Di",
                purpose: nil, success: .seeOther, extraHeaders: [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_desk=\(central)"]),
            Sample(
                method: .get, route: "/me/services", path: "/me/services", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.cookie: "dancu_me=\(session)"]),
            Sample(
                method: .get, route: "/me/services/{code}", path: "/me/services/tax-registration", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.cookie: "dancu_me=\(session)"]),
            Sample(
                method: .post, route: "/me/services/{code}", path: "/me/services/tax-registration", body: "\(csrf)&idempotency=page-1&kind=first",
                purpose: nil, success: .seeOther, extraHeaders: page),
            Sample(
                method: .get, route: "/me/applications/{code}", path: "/me/applications/\(h.applicationCode)", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.cookie: "dancu_me=\(session)"]),
            Sample(
                method: .get, route: "/me/applications/{code}/attachments/{attachment}", path: "/me/applications/\(h.paperCode)/attachments/birth-notice",
                body: nil, purpose: nil, success: .ok, extraHeaders: [.cookie: "dancu_me=\(session)"]),
            Sample(
                method: .post, route: "/me/applications/{code}/supplement", path: "/me/applications/\(h.pageSupplementCode)/supplement",
                body: "\(csrf)&note=G%E1%BB%ADi%20l%E1%BA%A1i", purpose: nil, success: .seeOther, extraHeaders: page),
            Sample(
                method: .post, route: "/me/login", path: "/me/login",
                body: "csrf=\(loginCSRF)&password=\(formEncode(GateFixture.password))&username=\(a1)", purpose: nil, success: .seeOther,
                extraHeaders: signIn),
            Sample(
                method: .post, route: "/me/logout", path: "/me/logout", body: csrf, purpose: nil, success: .seeOther, extraHeaders: page,
                endsCitizenSession: true),
            Sample(
                method: .post, route: "/me/consents/withdraw", path: "/me/consents/withdraw",
                body: "client_id=\(WebHarness.OIDCState.clientId)&\(csrf)", purpose: nil, success: .seeOther, extraHeaders: page,
                endsCitizenSession: true),
            Sample(
                method: .post, route: "/me/lock", path: "/me/lock", body: csrf, purpose: nil, success: .seeOther, extraHeaders: page,
                endsCitizenSession: true),
            Sample(
                method: .post, route: "/me/unlock", path: "/me/unlock",
                body: "csrf=\(loginCSRF)&passcode=\(WebHarness.passcode)&password=\(formEncode(GateFixture.password))&username=\(a5)", purpose: nil,
                success: .ok, extraHeaders: signIn, endsCitizenSession: true),
        ]
    }

    /// The OpenID Connect endpoints: open, or proven by client credentials, an access token or a session.
    static func oidc(_ h: WebHarness) -> [Sample] {
        let o = h.oidc
        typealias S = WebHarness.OIDCState
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        let client: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .authorization: o.basic]
        func encode(_ fields: [String: String]) -> String {
            fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(formEncode($0.value))" }.joined(separator: "&")
        }
        return [
            Sample(method: .get, route: "/.well-known/openid-configuration", path: "/.well-known/openid-configuration", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/oidc/jwks", path: "/oidc/jwks", body: nil, purpose: nil, success: .ok),
            Sample(method: .get, route: "/documents/signers", path: "/documents/signers", body: nil, purpose: nil, success: .ok),
            Sample(
                method: .post, route: "/oidc/par", path: "/oidc/par", body: encode(S.parameters()), purpose: nil, success: .created,
                extraHeaders: client),
            Sample(
                method: .get, route: "/oidc/authorize", path: "/oidc/authorize?client_id=\(S.clientId)&request_uri=\(formEncode(o.authorizeURI))",
                body: nil, purpose: nil, success: .ok),
            Sample(
                method: .post, route: "/oidc/login", path: "/oidc/login",
                body: encode([
                    "client_id": S.clientId, "request_uri": o.loginURI, "username": (try? h.number("a1")) ?? "", "password": GateFixture.password,
                    "csrf": loginCSRF,
                ]),
                purpose: nil, success: .ok, extraHeaders: [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_pre=\(loginCSRF)"]),
            Sample(
                method: .post, route: "/oidc/consent", path: "/oidc/consent",
                body: encode(["client_id": S.clientId, "request_uri": o.consentURI, "csrf": o.csrf, "decision": "approve"]), purpose: nil,
                success: .seeOther, extraHeaders: [.contentType: "application/x-www-form-urlencoded", .cookie: "dancu_sid=\(o.sessionId)"]),
            Sample(
                method: .post, route: "/oidc/token", path: "/oidc/token",
                body: encode(["grant_type": "authorization_code", "code": o.code, "redirect_uri": S.redirect, "code_verifier": S.verifier]),
                purpose: nil, success: .ok, extraHeaders: client),
            Sample(
                method: .get, route: "/oidc/userinfo", path: "/oidc/userinfo", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.authorization: "Bearer \(o.accessToken)"]),
            Sample(
                method: .post, route: "/oidc/introspect", path: "/oidc/introspect", body: encode(["token": o.accessToken]), purpose: nil,
                success: .ok, extraHeaders: client),
            Sample(
                method: .post, route: "/oidc/revoke", path: "/oidc/revoke", body: encode(["token": o.refreshToken]), purpose: nil,
                success: .ok, extraHeaders: client),
            Sample(
                method: .get, route: "/oidc/logout", path: "/oidc/logout", body: nil, purpose: nil, success: .ok,
                extraHeaders: [.cookie: "dancu_sid=\(o.sessionId)"], endsCitizenSession: true),
        ]
    }

    /// Any value serves as a sign-in form's token, as long as the cookie carries the same.
    static let loginCSRF = "pre-session-token-of-the-test"

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension HTTPFields {
    /// The same fields with `name` set to `value`.
    func replacing(_ name: HTTPField.Name, _ value: String) -> HTTPFields {
        var copy = self
        copy[name] = value
        return copy
    }
}
