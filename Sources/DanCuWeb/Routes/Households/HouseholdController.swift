import DanCuAPI
import DanCuAccess
import DanCuCore
import Foundation

/// Households (hộ gia đình): read, create, members in and out, a new head.
struct HouseholdController: Sendable {
    let gate: Gate
    let presence: PresenceReader

    func readHousehold(_ input: Operations.ReadHousehold.Input) async throws -> Operations.ReadHousehold.Output {
        let id = try Parameters.text(input.path.id, "id")
        return .ok(.init(body: .json(try await gate.household(id, for: try OperationContext.required().accessRequest()))))
    }

    func createHousehold(_ input: Operations.CreateHousehold.Input) async throws -> Operations.CreateHousehold.Output {
        let operation = try OperationContext.required()
        let access = try operation.accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let created = try await gate.createHousehold(
            head: body.head, address: body.address, validFrom: body.validFrom,
            idempotency: try Idempotency.of(input.headers.idempotencyKey, body, operation),
            presence: try presence.read(body.presence, access), for: access)
        let location = "/v1/households/\(created.value.id)"
        if created.replayed { return .ok(.init(headers: .init(location: location), body: .json(created.value))) }
        return .created(.init(headers: .init(location: location), body: .json(created.value)))
    }

    func addHouseholdMember(_ input: Operations.AddHouseholdMember.Input) async throws -> Operations.AddHouseholdMember.Output {
        let id = try Parameters.text(input.path.id, "id")
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let household = try await gate.addMember(
            body.personalNumber, to: id, relationship: body.relationship, validFrom: body.validFrom,
            presence: try presence.read(body.presence, access), for: access)
        return .ok(.init(body: .json(household)))
    }

    func removeHouseholdMember(_ input: Operations.RemoveHouseholdMember.Input) async throws -> Operations.RemoveHouseholdMember.Output {
        let id = try Parameters.text(input.path.id, "id")
        let access = try OperationContext.required().accessRequest()
        let number = try Parameters.personalNumber(input.path.number)
        let validFrom = try Parameters.date(input.query.validFrom, "validFrom") ?? gate.clock.today()
        guard let household = try await gate.removeMember(number, from: id, validFrom: validFrom, for: access) else {
            return .noContent(.init())
        }
        return .ok(.init(body: .json(household)))
    }

    func changeHouseholdHead(_ input: Operations.ChangeHouseholdHead.Input) async throws -> Operations.ChangeHouseholdHead.Output {
        let id = try Parameters.text(input.path.id, "id")
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let household = try await gate.changeHead(
            of: id, to: body.personalNumber, formerHeadRelationship: body.formerHeadRelationship,
            validFrom: body.validFrom, for: access)
        return .ok(.init(body: .json(household)))
    }
}
