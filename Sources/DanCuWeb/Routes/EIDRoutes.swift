import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuRegister
import Foundation
import HTTPTypes
import Hummingbird

/// Officers' counter work on a person's eID account, through the gate: the holder's area, a purpose
/// (`citizen-request` for changes), one access-log entry per act, written with the change.
enum EIDRoutes {
    struct Registration: Decodable {
        let level: Int
        let phone: String?
        let email: String?
        /// The first password, typed by the holder at the counter.
        let password: String
    }

    struct LevelChange: Decodable {
        let level: Int
    }

    struct Lock: Decodable {
        let reason: String
    }

    /// A foreigner's account: the residence card as checked against the immigration database.
    struct ForeignerRegistration: Decodable {
        let residenceCard: Card
        let level: Int
        let phone: String?
        let email: String?
        let password: String

        struct Card: Decodable {
            let number: String
            let kind: ResidenceCard.Kind
            let name: String
            let sex: Sex
            let dateOfBirth: LocalDate
            let nationality: String
            let validUntil: LocalDate
            let issuedBy: String
            let wardCode: String
        }
    }

    struct ForeignerAccount: Encodable {
        let account: EIDAccount
        let residenceCard: ResidenceCard
    }

    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        guard let eid = services.eid else { return }
        let gate = services.gate

        v1.get("/persons/:number/eid") { request, context in
            let number = try Handling.personalNumber(context)
            let account = try await gate.eidAccountWork(.read, of: number, for: try Handling.accessRequest(request, context)) { _ in
                try await eid.account(number.rawValue)
            }
            return try Handling.json(account)
        }
        v1.post("/persons/:number/eid") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let body = try await Handling.body(Registration.self, request, context)
            let level = try Self.level(body.level)
            let contact = try Contact(phone: body.phone, email: body.email)
            let account = try await gate.eidAccountWork(.register, of: number, for: access) { grant in
                try await eid.registerInPerson(number, level: level, contact: contact, password: body.password, grant: grant)
            }
            return try Handling.json(account, status: .created, headers: [.location: "/v1/persons/\(number.rawValue)/eid"])
        }
        v1.post("/persons/:number/eid/level") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            guard try Self.level(try await Handling.body(LevelChange.self, request, context).level) == .level2 else {
                throw Problem.badField("level", "an officer raises an account to level 2", rule: "oneOf")
            }
            let account = try await gate.eidAccountWork(.raiseLevel, of: number, for: access) { grant in
                try await eid.raiseToLevel2(number, grant: grant)
            }
            return try Handling.json(account)
        }
        v1.post("/persons/:number/eid/lock") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let reason = try await Self.lockReason(request, context)
            let account = try await gate.eidAccountWork(.lock, of: number, for: access) { grant in
                try await eid.lock(number.rawValue, grant: grant, reason: reason)
            }
            return try Handling.json(account)
        }
        v1.post("/eid/foreigners") { request, context in
            let access = try Handling.accessRequest(request, context)
            let body = try await Handling.body(ForeignerRegistration.self, request, context)
            let c = body.residenceCard
            let card = try ResidenceCard(number: c.number, kind: c.kind, name: c.name, sex: c.sex, dateOfBirth: c.dateOfBirth, nationality: c.nationality,
                                         validUntil: c.validUntil, issuedBy: c.issuedBy, wardCode: c.wardCode, reference: services.reference,
                                         today: services.gate.clock.today())
            let level = try Self.level(body.level)
            let contact = try Contact(phone: body.phone, email: body.email)
            let account = try await gate.foreignerAccountWork(subject: card.subject, wardCode: card.wardCode, for: access) { grant in
                try await eid.registerForeigner(card, level: level, contact: contact, password: body.password, grant: grant)
            }
            return try Handling.json(ForeignerAccount(account: account, residenceCard: card), status: .created)
        }
        v1.get("/eid/foreigners/:cardNumber") { request, context in
            let access = try Handling.accessRequest(request, context)
            let card = try await Self.foreignersCard(context, eid)
            let account = try await gate.foreignerAccountWork(.read, subject: card.subject, wardCode: card.wardCode, for: access) { _ in
                try await eid.account(card.subject)
            }
            return try Handling.json(ForeignerAccount(account: account, residenceCard: card))
        }
        v1.post("/eid/foreigners/:cardNumber/lock") { request, context in
            let access = try Handling.accessRequest(request, context)
            let card = try await Self.foreignersCard(context, eid)
            let reason = try await Self.lockReason(request, context)
            let account = try await gate.foreignerAccountWork(.lock, subject: card.subject, wardCode: card.wardCode, for: access) { grant in
                try await eid.lock(card.subject, grant: grant, reason: reason)
            }
            return try Handling.json(account)
        }
        v1.post("/eid/foreigners/:cardNumber/unlock") { request, context in
            let access = try Handling.accessRequest(request, context)
            let card = try await Self.foreignersCard(context, eid)
            let account = try await gate.foreignerAccountWork(.unlock, subject: card.subject, wardCode: card.wardCode, for: access) { grant in
                try await eid.unlock(card.subject, grant: grant)
            }
            return try Handling.json(account)
        }
        v1.post("/persons/:number/eid/unlock") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let account = try await gate.eidAccountWork(.unlock, of: number, for: access) { grant in
                try await eid.unlock(number.rawValue, grant: grant)
            }
            return try Handling.json(account)
        }
    }

    static func lockReason(_ request: Request, _ context: AppContext) async throws -> String {
        let reason = try await Handling.body(Lock.self, request, context).reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty, reason.count <= 500 else { throw Problem.badField("reason", "say why, in 1 to 500 characters", rule: "length") }
        return reason.nfc
    }

    /// The residence card behind `/eid/foreigners/{cardNumber}`, or 404.
    static func foreignersCard(_ context: AppContext, _ eid: EIDService) async throws -> ResidenceCard {
        let number = try Handling.pathText(context, "cardNumber", maxLength: 20).uppercased()
        guard let card = try await eid.residenceCard(ResidenceCard.subjectPrefix + number) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "no eID account on residence card \(number)")
        }
        return card
    }

    static func level(_ value: Int) throws -> AssuranceLevel {
        guard let level = AssuranceLevel(rawValue: value) else { throw Problem.badField("level", "1 or 2", rule: "oneOf") }
        return level
    }
}
