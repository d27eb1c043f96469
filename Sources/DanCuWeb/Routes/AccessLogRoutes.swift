import DanCuAccess
import DanCuStore
import HTTPTypes
import Hummingbird

/// For auditors: who read or wrote a person's data, when, why, and whether it was allowed.
enum AccessLogRoutes {
    struct Entry: Encodable {
        let id: Int64
        let at: String
        let requestId: String
        let actor: String
        let role: String
        let action: String
        let fields: [String]
        let purpose: String?
        let decision: String
        let reason: String?
        let legalBasis: String?

        init(_ entry: AccessLogEntry) {
            id = entry.id ?? 0
            at = WallClock.iso(micros: entry.at)
            requestId = entry.requestId
            actor = entry.actor
            role = entry.role
            action = entry.action
            fields = entry.fields
            purpose = entry.purpose
            decision = entry.decision.rawValue
            reason = entry.reason
            legalBasis = entry.legalBasis
        }
    }

    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        v1.get("/persons/:number/access-log") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let after = Int64(try Handling.queryInt(request, "cursor", in: 0...Int(Int64.max / 2)) ?? 0)
            let limit = try Handling.queryInt(request, "limit", in: 1...500) ?? 100
            let entries = try await services.gate.accessLog(of: number, after: after, limit: limit, for: access)
            let items = entries.map(Entry.init)
            return try Handling.json(PersonReadRoutes.Page(items: items, nextCursor: items.count == limit ? items.last.map { String($0.id) } : nil))
        }
    }
}
