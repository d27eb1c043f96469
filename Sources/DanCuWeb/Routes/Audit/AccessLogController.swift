import DanCuAPI
import DanCuAccess
import Foundation

/// For auditors: who read or wrote a person's data, when, why, and whether it was allowed.
struct AccessLogController: Sendable {
    let gate: Gate

    func personAccessLog(_ input: Operations.PersonAccessLog.Input) async throws -> Operations.PersonAccessLog.Output {
        let access = try OperationContext.required().accessRequest()
        let after = try Parameters.cursor(input.query.cursor)
        let limit = try Parameters.whole(input.query.limit, "limit", in: 1...500) ?? 100
        let entries = try await gate.accessLog(of: try Parameters.personalNumber(input.path.number), after: after, limit: limit, for: access)
        let items = entries.map(Self.item)
        let next = items.count == limit ? items.last.map { String($0.id) } : nil
        return .ok(.init(body: .json(.init(items: items, nextCursor: next))))
    }

    static func item(_ entry: AccessLogEntry) -> Components.Schemas.AccessLogEntry {
        .init(
            id: Int(entry.id ?? 0), at: Date(timeIntervalSince1970: Double(entry.at) / 1_000_000), requestId: entry.requestId, actor: entry.actor,
            role: entry.role,
            action: entry.action, fields: entry.fields, purpose: entry.purpose, decision: entry.decision,
            reason: entry.reason, legalBasis: entry.legalBasis)
    }
}
