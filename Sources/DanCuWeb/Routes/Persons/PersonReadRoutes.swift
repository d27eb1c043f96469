import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird

/// Reading one person by number, now or as of a date, through the gate. It stays a Hummingbird route,
/// outside the generated API: the stored record is written straight into the answer's buffer, and this
/// is the register's hottest path (docs/architecture.md). openapi.yaml describes it all the same.
enum PersonReadRoutes {
    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        let gate = services.gate

        v1.get("/persons/:number") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let validOn = try Handling.queryDate(request, "validOn")
            let recordedBy = try Handling.query(request, "recordedBy").map(parseInstant)
            guard validOn != nil || recordedBy != nil else {
                return Handling.person(try await gate.storedPerson(number, for: access))
            }
            let then = try await gate.person(number, validOn: validOn ?? gate.clock.today(), recordedBy: recordedBy, for: access)
            guard let then else {
                throw Problem(.notFound, "not-found", "Not found", detail: "the register did not hold \(number) then")
            }
            return Handling.json(#"{"person":"# + PersonCodec.encode(then) + "}")
        }
    }

    /// An instant as ISO 8601 (`2026-01-01T00:00:00Z`) in microseconds.
    static func parseInstant(_ text: String) throws -> Int64 {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let g = ISO8601DateFormatter()
        g.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = f.date(from: text) ?? g.date(from: text) else {
            throw Problem.badField("recordedBy", "write an instant like 2026-01-01T00:00:00Z", rule: "instant")
        }
        return Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}

/// Search cursors: the tier, the last hit's folded name and number, base64url, opaque to clients. A
/// cursor of two fields (before tiers) is in the first tier; the start of the second has no name.
enum SearchCursor {
    static func encode(_ position: SearchPosition) -> String {
        Data("\(position.tier)\t\(position.nameKey)\t\(position.personalNumber)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> SearchPosition? {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard text.count <= 400, let data = Data(base64Encoded: b64), let s = String(data: data, encoding: .utf8) else { return nil }
        var parts = s.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 { parts.insert("1", at: 0) }
        guard parts.count == 3, let tier = Int(parts[0]), tier == 1 || tier == 2 else { return nil }
        if parts[1].isEmpty && parts[2].isEmpty && tier == 2 { return .otherMatches }
        guard (try? PersonalNumber(parts[2])) != nil else { return nil }
        return SearchPosition(tier: tier, nameKey: parts[1], personalNumber: parts[2])
    }
}
