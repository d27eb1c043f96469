import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird

/// Reads of the register: by number, as of a date, history, search. All through the gate.
enum PersonReadRoutes {
    struct Hit: Encodable {
        let personalNumber: String
        let fullName: String
        let birthYear: Int
        let sex: String
        let wardCode: String?
        let vitalStatus: String
    }

    struct Page<Item: Encodable>: Encodable {
        let items: [Item]
        let nextCursor: String?
    }

    struct Event: Encodable {
        let seq: Int
        let kind: String
        let validFrom: String
        let recordedAt: String
        let officer: String
        let reason: String?
        let change: LifeEventChange
    }

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

        v1.get("/persons/:number/history") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let after = try Handling.queryInt(request, "cursor", in: 0...1_000_000) ?? 0
            let limit = try Handling.queryInt(request, "limit", in: 1...200) ?? 50
            let page = try await gate.history(number, afterSeq: after, limit: limit, for: access)
            let items = page.events.enumerated().map { i, e in
                Event(seq: page.firstSeq + i, kind: e.kind, validFrom: e.validFrom.description,
                      recordedAt: WallClock.iso(micros: e.recordedAt), officer: e.officer, reason: e.reason, change: e.change)
            }
            return try Handling.json(Page(items: items, nextCursor: page.more ? String(page.firstSeq + items.count - 1) : nil))
        }

        v1.get("/persons") { request, context in
            let access = try Handling.accessRequest(request, context)
            let name = (Handling.query(request, "name") ?? "").replacingOccurrences(of: "+", with: " ")
            guard !VietnameseName.fold(name).isEmpty, name.count <= 200 else {
                throw Problem.badField("name", "give at least the start of a name (up to 200 characters)", rule: "required")
            }
            let ward = Handling.query(request, "ward")
            if let ward, services.reference.units.ward(ward) == nil {
                throw Problem.badField("ward", "no current ward \(ward.prefix(20))", rule: "wardCode")
            }
            var search = PersonSearch(name: name, birthYear: try Handling.queryInt(request, "birthYear", in: 1800...2200), wardCode: ward,
                                      limit: try Handling.queryInt(request, "limit", in: 1...200) ?? 20)
            if let cursor = Handling.query(request, "cursor") {
                guard let after = SearchCursor.decode(cursor) else { throw Problem.badField("cursor", "not a cursor this API gave", rule: "cursor") }
                search.after = after
            }
            let page = try await gate.search(search, for: access)
            return try Handling.json(Page(items: page.hits.map {
                Hit(personalNumber: $0.personalNumber, fullName: $0.fullName, birthYear: $0.birthYear, sex: $0.sex,
                    wardCode: $0.wardCode, vitalStatus: $0.vitalStatus)
            }, nextCursor: page.next.map(SearchCursor.encode)))
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
