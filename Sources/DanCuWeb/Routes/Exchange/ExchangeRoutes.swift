import DanCuAccess
import DanCuCore
import DanCuExchange
import DanCuRegister
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat

/// The exchange gateway's routes under `/x/v1`, behind `ExchangeSignatureMiddleware`. They stay
/// Hummingbird routes rather than generated operations: a signed message is judged on its exact bytes
/// and headers, which the generated transport does not hand over (docs/architecture.md).
enum ExchangeRoutes {
    static func add(to router: Router<AppContext>, _ services: Services) {
        let x = router.group("/x/v1").add(middleware: ExchangeSignatureMiddleware(gateway: services.exchange, metrics: services.metrics))
        x.post("/verify") { request, context in
            let (gateway, caller) = try member(services, context)
            var request = request
            let question = try VerifyBody.read(try await JSONObjectBody.read(&request, context, allowed: VerifyBody.members, what: "a verification"))
            return Handling.json(VerifyAnswerJSON(try await gateway.verify(question, for: caller)).text)
        }
        x.get("/persons/:number") { request, context in
            let (gateway, caller) = try member(services, context)
            let number = try Handling.personalNumber(context)
            guard let list = Handling.query(request, "fields") else { throw Problem.badField("fields", "name the fields to read, comma-separated") }
            let fields = list.split(separator: ",", omittingEmptySubsequences: false).map { Handling.trimmedSpaces(String($0)) }
            return Handling.json(try await gateway.person(number, fields: fields, for: caller))
        }
        x.post("/persons/:number/records") { request, context in
            let (gateway, caller) = try member(services, context)
            let number = try Handling.personalNumber(context)
            var request = request
            let object = try await JSONObjectBody.read(&request, context, allowed: ["type", "data"], what: "a linked record")
            guard let type = object["type"] as? String else { throw Problem.badField("type", "name the record type", rule: "required") }
            guard let data = object["data"] as? [String: Any] else { throw Problem.badField("data", "send the record's fields as an object", rule: "required") }
            let record = try await gateway.link(number, type: type, data: data, for: caller)
            return Handling.json(LinkedRecordJSON.text(record), status: .created)
        }
        x.get("/persons/:number/records") { request, context in
            let (gateway, caller) = try member(services, context)
            let number = try Handling.personalNumber(context)
            let types = (Handling.query(request, "types") ?? "").split(separator: ",").map { Handling.trimmedSpaces(String($0)) }
            let records = try await gateway.linkedRecords(of: number, types: types, for: caller)
            return Handling.json(#"{"items":[\#(records.map(LinkedRecordJSON.text).joined(separator: ","))]}"#)
        }
        x.post("/subscriptions") { request, context in
            let (gateway, caller) = try member(services, context)
            var request = request
            let body = try await JSONObjectBody.read(&request, context, allowed: SubscriptionBody.members, what: "a subscription")
            let created = try await gateway.subscriptions.subscribe(try SubscriptionBody.read(body), for: caller)
            return try Handling.json(SubscriptionJSON(created.subscription, secret: created.secret), status: .created)
        }
        x.get("/subscriptions") { _, context in
            let (gateway, caller) = try member(services, context)
            return try Handling.json(["items": try await gateway.subscriptions.subscriptions(of: caller.subsystem).map { SubscriptionJSON($0, secret: nil) }])
        }
        x.delete("/subscriptions/:id") { _, context in
            let (gateway, caller) = try member(services, context)
            guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
                throw Problem.badField("id", "a subscription's id is a positive whole number", rule: "id")
            }
            try await gateway.subscriptions.cancel(id, of: caller.subsystem)
            return Response(status: .noContent)
        }
        x.get("/events") { request, context in
            let (gateway, caller) = try member(services, context)
            let after =
                try Handling.query(request, "after").map { text -> Int64 in
                    guard let value = Int64(text), value >= 0 else {
                        throw Problem.badField("after", "the cursor of the last page, a whole number", rule: "cursor")
                    }
                    return value
                } ?? 0
            let limit =
                try Handling.query(request, "limit").map { text -> Int in
                    guard let value = Int(text), (1...1000).contains(value) else { throw Problem.badField("limit", "1 to 1000", rule: "limit") }
                    return value
                } ?? 100
            let page = try await gateway.feed.page(for: caller, after: after, limit: limit)
            let events = page.events.map { #"{"id":"\#($0.id)","position":\#($0.position),"event":\#($0.payload)}"# }
            return Handling.json(#"{"items":[\#(events.joined(separator: ","))],"next":"\#(page.next)"}"#)
        }
        BatchRoutes.add(to: x, services)
        ServiceCaseRoutes.add(to: x, services)
        router.get("/x/v1/keys") { _, _ in
            guard let gateway = services.exchange else { throw ExchangeRefusal.unavailable }
            return try Handling.json(["keys": try await gateway.keys.publicKeys()], headers: [.cacheControl: "public, max-age=300"])
        }
    }

    /// The gateway and the member the signature middleware accepted; it runs before every route here.
    static func member(_ services: Services, _ context: AppContext) throws -> (ExchangeGateway, MemberCaller) {
        guard let gateway = services.exchange else { throw ExchangeRefusal.unavailable }
        guard let caller = context.member else { throw HTTPError(.internalServerError, message: "the exchange route ran without a verified member") }
        return (gateway, caller)
    }
}

/// The verify answer as the API writes it.
struct VerifyAnswerJSON: Encodable {
    let personalNumber: String
    let match: Bool
    let fields: [String: String]
    let alive: Bool?

    init(_ answer: VerifyAnswer) {
        personalNumber = answer.personalNumber.rawValue
        match = answer.matches
        fields = answer.fields.mapValues(\.rawValue)
        alive = answer.alive
    }

    /// The bytes `Handling.json` would write (keys sorted, nil left out), written directly: every key and
    /// value is one of the code's own words with nothing to escape, and the encoder's containers and
    /// sorting were a fiftieth of a verification's processor time (docs/benchmarks.md, issue 15).
    var text: String {
        var out = "{"
        if let alive { out += #""alive":\#(alive),"# }
        out += #""fields":{"#
        out += fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",")
        out += #"},"match":\#(match),"personalNumber":"\#(personalNumber)"}"#
        return out
    }
}

/// A subscription as the API writes it; the `v1` secret only in the answer that made it.
struct SubscriptionJSON: Encodable {
    let id: Int64
    let kinds: [String]
    let provinceCode: String?
    let watchList: Bool
    let endpoint: String?
    let scheme: String
    let fields: [String]
    let purpose: String
    let legalBasis: String
    let secret: String?

    init(_ s: Subscription, secret: String?) {
        id = s.id
        kinds = s.kinds.map(\.rawValue)
        provinceCode = s.provinceCode
        watchList = s.watchList
        endpoint = s.endpoint
        scheme = s.scheme.rawValue
        fields = s.fields
        purpose = s.purpose.rawValue
        legalBasis = s.legalBasis
        self.secret = secret
    }
}

/// A linked record as the API writes it: the member's data as it was stored, with its provenance.
enum LinkedRecordJSON {
    static func text(_ r: LinkedRecords.Record) -> String {
        let recordedAt = UTCInstant.text(micros: r.recordedAt)
        return #"{"id":\#(r.id),"type":"\#(r.type)","data":\#(r.data),"member":"\#(r.member)","subsystem":"\#(r.subsystem)","#
            + #""legalBasis":\#(PersonJSONWriter.quoted(r.legalBasis)),"recordedAt":"\#(recordedAt)"}"#
    }
}
