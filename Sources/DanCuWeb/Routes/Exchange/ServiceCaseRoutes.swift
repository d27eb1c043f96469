import DanCuCore
import DanCuExchange
import DanCuServices
import Foundation
import Hummingbird

/// Public-service steps decided by member systems (liên thông), under `/x/v1/cases`, signed like every
/// exchange request: the member's open steps, an application with the register fields its grant of
/// `service-cases` names, and its decision, with the record it issued.
enum ServiceCaseRoutes {
    static func add(to x: RouterGroup<AppContext>, _ services: Services) {
        x.get("/cases") { request, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            let desk = try desk(services)
            let limit =
                try Handling.query(request, "limit").map { text -> Int in
                    guard let value = Int(text), (1...200).contains(value) else { throw Problem.badField("limit", "1 to 200", rule: "limit") }
                    return value
                } ?? 50
            let items = try await desk.memberQueue(limit: limit, for: caller, exchange: gateway).map(CaseQueueItemJSON.init)
            return try Handling.json(["items": items])
        }
        x.get("/cases/:code") { request, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            let desk = try desk(services)
            guard let list = Handling.query(request, "fields") else { throw Problem.badField("fields", "name the record's fields to read, comma-separated") }
            let fields = list.split(separator: ",", omittingEmptySubsequences: false).map { Handling.trimmedSpaces(String($0)) }
            let found = try await desk.memberCase(context.parameters.get("code") ?? "", fields: fields, for: caller, exchange: gateway)
            return Handling.json(try CaseJSON.text(found))
        }
        x.get("/cases/:code/attachments/:attachment") { _, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            return AttachmentDownload.response(
                try await try desk(services).memberAttachment(
                    context.parameters.get("attachment") ?? "", of: context.parameters.get("code") ?? "", for: caller, exchange: gateway))
        }
        x.post("/cases/:code/steps/:step/decision") { request, context in
            let (gateway, caller) = try ExchangeRoutes.member(services, context)
            let desk = try desk(services)
            var request = request
            let body = try await JSONObjectBody.read(&request, context, allowed: ["decision", "reason", "summary", "record"], what: "a decision")
            let decision = try decision(body)
            let decided = try await desk.decideAsMember(
                decision, step: context.parameters.get("step") ?? "", of: context.parameters.get("code") ?? "", for: caller, exchange: gateway)
            return try Handling.json(DecidedJSON(decided, step: context.parameters.get("step") ?? ""))
        }
    }

    static func desk(_ services: Services) throws -> ServiceDesk {
        guard let desk = services.publicServices else { throw ExchangeRefusal.unavailable }
        return desk
    }

    /// The decision a member's body says; each mistake names its field.
    static func decision(_ body: [String: Any]) throws -> ServiceDesk.MemberDecision {
        let reason = body["reason"] as? String ?? ""
        let step: StepDecision
        switch body["decision"] as? String {
        case "approve": step = .approve
        case "refuse": step = .refuse(reason: reason)
        case "request-supplement": step = .requestSupplement(reason: reason)
        default: throw Problem.badField("decision", "is approve, refuse or request-supplement", rule: "decision")
        }
        if body["reason"] != nil, !(body["reason"] is String) { throw Problem.badField("reason", "is text", rule: "type") }
        if body["summary"] != nil, !(body["summary"] is String) { throw Problem.badField("summary", "is text", rule: "type") }
        var type: String?
        var data: Data?
        if let record = body["record"] {
            guard let object = record as? [String: Any], let t = object["type"] as? String, let fields = object["data"] as? [String: Any],
                object.keys.allSatisfy({ $0 == "type" || $0 == "data" })
            else { throw Problem.badField("record", "is {\"type\": a record type, \"data\": its fields}", rule: "record") }
            type = t
            data = try JSONSerialization.data(withJSONObject: fields)
        }
        return ServiceDesk.MemberDecision(decision: step, recordType: type, recordData: data, summary: body["summary"] as? String)
    }
}

/// One open step of a member's queue: no one named.
struct CaseQueueItemJSON: Encodable {
    let code: String
    let procedure: String
    let step: String
    let openedOn: String?
    let due: String?
    let late: Bool

    init(_ item: QueueItem) {
        code = item.code
        procedure = item.procedure
        step = item.step
        openedOn = item.openedOn?.description
        due = item.due?.description
        late = item.late
    }
}

/// An application as the member deciding its step reads it: the form as typed, and the granted fields
/// of its applicant and subject.
enum CaseJSON {
    static func text(_ c: ServiceDesk.MemberCase) throws -> String {
        let progress = c.application.step(c.step.id)
        var head: [String: Any] = [
            "code": c.application.code, "procedure": c.procedure.code, "wardCode": c.application.wardCode,
            "step": ["id": c.step.id, "name": c.step.name.vi, "openedOn": progress?.openedOn?.description as Any, "due": progress?.due?.description as Any]
                .compactMapValues { $0 is String ? $0 : nil },
        ]
        if let number = c.procedure.essentialNumber { head["essentialNumber"] = number }
        if let result = c.procedure.results.first(where: { $0.step == c.step.id }) {
            head["result"] = ["kind": result.kind.rawValue, "recordType": result.recordType as Any].compactMapValues { $0 is String ? $0 : nil }
        }
        let headText = String(decoding: try JSONSerialization.data(withJSONObject: head, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        var tail = #","fields":\#(try c.form.encoded()),"applicant":\#(c.applicant)"#
        if let subject = c.subject { tail += #","subject":\#(subject)"# }
        let files: [[String: Any]] = c.attachments.map { kept in
            [
                "code": kept.code, "mediaType": kept.mediaType, "bytes": kept.byteCount, "sha256": kept.sha256, "fileName": kept.fileName as Any,
                "href": "/x/v1/cases/\(c.application.code)/attachments/\(kept.code)",
            ].compactMapValues { $0 is String || $0 is Int ? $0 : nil }
        }
        tail +=
            #","attachments":"#
            + String(decoding: try JSONSerialization.data(withJSONObject: files, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        return String(headText.dropLast()) + tail + "}"
    }
}

/// What a member's decision left: the application's state and its step's.
struct DecidedJSON: Encodable {
    let code: String
    let status: String
    let step: String
    let stepStatus: String
    let note: String?

    init(_ application: ApplicationCase, step: String) {
        code = application.code
        status = application.status.rawValue
        self.step = step
        stepStatus = application.step(step)?.status.rawValue ?? ""
        note = application.step(step)?.note
    }
}
