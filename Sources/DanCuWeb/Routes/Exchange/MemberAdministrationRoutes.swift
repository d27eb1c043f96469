import DanCuAccess
import DanCuCore
import DanCuExchange
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat

/// Administrators register member systems over HTTP, as `dancu exchange` does at the command line:
/// members, their subsystems and public keys; revoking a key and disabling a member take effect from
/// the next request. Each act is logged as administration and recorded in `exchange_changes`.
enum MemberAdministrationRoutes {
    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        v1.get("/exchange/members") { request, context in
            let members = try registry(services)
            try await services.gate.administer("list-exchange-members", target: "*", for: try Handling.accessRequest(request, context))
            return try Handling.json(["items": try await members.members().map(MemberJSON.init)])
        }
        v1.post("/exchange/members") { request, context in
            let members = try registry(services)
            var request = request
            let body = try await JSONObjectBody.read(&request, context, allowed: ["code", "nameVietnamese", "nameEnglish", "kind"], what: "a member")
            let member: MemberSystem
            do {
                member = try MemberSystem(
                    code: body["code"] as? String ?? "", nameVietnamese: body["nameVietnamese"] as? String ?? "",
                    nameEnglish: body["nameEnglish"] as? String ?? "", kind: body["kind"] as? String ?? "")
            } catch let error as RuleViolations { throw ExchangeError.invalid(error) }
            let access = try Handling.accessRequest(request, context)
            try await services.gate.administer("add-exchange-member", target: member.code, for: access)
            try await members.add(member, by: access.officer.username)
            return Response(status: .created, headers: [.location: "/v1/exchange/members/\(member.code)"])
        }
        v1.post("/exchange/members/:code/subsystems") { request, context in
            let members = try registry(services)
            var request = request
            let body = try await JSONObjectBody.read(&request, context, allowed: ["code"], what: "a subsystem")
            let subsystem: Subsystem
            guard let code = body["code"] as? String else { throw Problem.badField("code", "is required, as text", rule: "required") }
            do { subsystem = try Subsystem(member: context.parameters.get("code") ?? "", code: code) } catch let error as RuleViolations {
                throw ExchangeError.invalid(error)
            }
            let access = try Handling.accessRequest(request, context)
            try await services.gate.administer("add-exchange-subsystem", target: subsystem.identifier, for: access)
            try await members.add(subsystem, by: access.officer.username)
            return Response(status: .created)
        }
        v1.post("/exchange/members/:code/subsystems/:subsystem/keys") { request, context in
            let members = try registry(services)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let subsystem: Subsystem
            do {
                subsystem = try Subsystem(member: context.parameters.get("code") ?? "", code: context.parameters.get("subsystem") ?? "")
            } catch let error as RuleViolations { throw ExchangeError.invalid(error) }
            let keys: [MemberKeyJWK.Key]
            do { keys = try MemberKeyJWK.parseSet(Data(buffer: body)) } catch let error as RuleViolations { throw ExchangeError.invalid(error) }
            let access = try Handling.accessRequest(request, context)
            try await services.gate.administer("add-exchange-keys", target: subsystem.identifier, for: access)
            try await members.add(keys: keys, to: subsystem, by: access.officer.username)
            return Response(status: .created)
        }
        v1.delete("/exchange/keys/:keyId") { request, context in
            let members = try registry(services)
            let keyId = context.parameters.get("keyId") ?? ""
            let access = try Handling.accessRequest(request, context)
            try await services.gate.administer("revoke-exchange-key", target: String(keyId.prefix(128)), for: access)
            try await members.revoke(keyId: keyId, by: access.officer.username)
            return Response(status: .noContent)
        }
        v1.delete("/exchange/members/:code") { request, context in
            let members = try registry(services)
            let code = context.parameters.get("code") ?? ""
            let access = try Handling.accessRequest(request, context)
            try await services.gate.administer("disable-exchange-member", target: String(code.prefix(32)), for: access)
            try await members.disable(member: code, by: access.officer.username)
            return Response(status: .noContent)
        }
    }

    static func registry(_ services: Services) throws -> MemberRegistry {
        guard let gateway = services.exchange else { throw ExchangeRefusal.unavailable }
        return gateway.members
    }

}

/// A member as administrators read it.
struct MemberJSON: Encodable {
    struct Key: Encodable {
        let keyId: String, subsystem: String, algorithm: String
        let revoked: Bool
    }
    let code: String, nameVietnamese: String, nameEnglish: String, kind: String
    let disabled: Bool
    let subsystems: [String]
    let keys: [Key]

    init(_ r: MemberRegistry.Record) {
        code = r.code
        nameVietnamese = r.nameVietnamese
        nameEnglish = r.nameEnglish
        kind = r.kind
        disabled = r.disabledAt != nil
        subsystems = r.subsystems
        keys = r.keys.map { Key(keyId: $0.keyId, subsystem: $0.subsystem, algorithm: $0.algorithm, revoked: $0.revokedAt != nil) }
    }
}
