import DanCuAccess
import DanCuCore
import DanCuRegister
import Foundation
import HTTPTypes
import Hummingbird

/// Households (hộ gia đình): read, create, members in and out, a new head.
enum HouseholdRoutes {
    struct CreateRequest: Decodable {
        let head: PersonalNumber
        let address: Place
        let validFrom: LocalDate
    }

    struct MemberRequest: Decodable {
        let personalNumber: PersonalNumber
        let relationship: RelationshipToHead
        let validFrom: LocalDate
    }

    struct HeadRequest: Decodable {
        let personalNumber: PersonalNumber
        let formerHeadRelationship: RelationshipToHead
        let validFrom: LocalDate
    }

    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        let gate = services.gate

        v1.get("/households/:id") { request, context in
            let id = try Handling.pathText(context, "id")
            return try Handling.json(try await gate.household(id, for: try Handling.accessRequest(request, context)))
        }

        v1.post("/households") { request, context in
            let access = try Handling.accessRequest(request, context)
            let data = try await Handling.bodyData(request, context)
            let body = try Handling.decode(CreateRequest.self, data)
            let created = try await gate.createHousehold(head: body.head, address: body.address, validFrom: body.validFrom,
                                                         idempotency: try Handling.idempotency(request, body: data),
                                                         presence: try PresenceBody.from(data, services, access), for: access)
            return try Handling.json(created.value, status: created.replayed ? .ok : .created,
                                     headers: [.location: "/v1/households/\(created.value.id)"])
        }

        v1.post("/households/:id/members") { request, context in
            let id = try Handling.pathText(context, "id")
            let access = try Handling.accessRequest(request, context)
            let data = try await Handling.bodyData(request, context)
            let body = try Handling.decode(MemberRequest.self, data)
            return try Handling.json(try await gate.addMember(body.personalNumber, to: id, relationship: body.relationship,
                                                              validFrom: body.validFrom, presence: try PresenceBody.from(data, services, access), for: access))
        }

        v1.delete("/households/:id/members/:number") { request, context in
            let id = try Handling.pathText(context, "id")
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let validFrom = try Handling.queryDate(request, "validFrom") ?? gate.clock.today()
            guard let household = try await gate.removeMember(number, from: id, validFrom: validFrom, for: access) else {
                return Response(status: .noContent)
            }
            return try Handling.json(household)
        }

        v1.put("/households/:id/head") { request, context in
            let id = try Handling.pathText(context, "id")
            let access = try Handling.accessRequest(request, context)
            let body = try await Handling.body(HeadRequest.self, request, context)
            return try Handling.json(try await gate.changeHead(of: id, to: body.personalNumber,
                                                               formerHeadRelationship: body.formerHeadRelationship,
                                                               validFrom: body.validFrom, for: access))
        }
    }
}
