import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
import Foundation
import HTTPTypes

/// eID accounts. Officers' counter work on a person's or a foreigner's account goes through the gate:
/// the holder's area, a purpose (`citizen-request` for changes), one access-log entry per act, written
/// with the change. Level-1 self-registration is open to anyone: a code to the caller's phone or
/// e-mail, then the account with the code, a password and a face that must match the register's photo;
/// neither step says anything about the personal number before the face matches.
struct EIDController: Sendable {
    let gate: Gate
    /// Nil where the installation has no card keys (eID matches faces and verifies chips): 503.
    let service: EIDService?
    let reference: ReferenceData

    private func eid() throws -> EIDService {
        guard let service else { throw CardError.unavailable("this installation has no card keys, so no eID accounts") }
        return service
    }

    func readEID(_ input: Operations.ReadEID.Input) async throws -> Operations.ReadEID.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let eid = try eid()
        let account = try await gate.eidAccountWork(.read, of: number, for: try OperationContext.required().accessRequest()) { _ in
            try await eid.account(number.rawValue)
        }
        return .ok(.init(body: .json(account)))
    }

    func registerEID(_ input: Operations.RegisterEID.Input) async throws -> Operations.RegisterEID.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let eid = try eid()
        let level = try Self.level(body.level.rawValue)
        let contact = try Contact(phone: body.phone, email: body.email)
        let account = try await gate.eidAccountWork(.register, of: number, for: access) { grant in
            try await eid.registerInPerson(number, level: level, contact: contact, password: body.password, grant: grant)
        }
        return .created(.init(headers: .init(location: "/v1/persons/\(number.rawValue)/eid"), body: .json(account)))
    }

    func raiseEIDLevel(_ input: Operations.RaiseEIDLevel.Input) async throws -> Operations.RaiseEIDLevel.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body, body.level == ._2 else {
            throw Problem.badField("level", "an officer raises an account to level 2", rule: "oneOf")
        }
        let eid = try eid()
        let account = try await gate.eidAccountWork(.raiseLevel, of: number, for: access) { grant in try await eid.raiseToLevel2(number, grant: grant) }
        return .ok(.init(body: .json(account)))
    }

    func lockEID(_ input: Operations.LockEID.Input) async throws -> Operations.LockEID.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let reason = try Self.lockReason(body.reason)
        let eid = try eid()
        let account = try await gate.eidAccountWork(.lock, of: number, for: access) { grant in
            try await eid.lock(number.rawValue, grant: grant, reason: reason)
        }
        return .ok(.init(body: .json(account)))
    }

    func unlockEID(_ input: Operations.UnlockEID.Input) async throws -> Operations.UnlockEID.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        let eid = try eid()
        let account = try await gate.eidAccountWork(.unlock, of: number, for: access) { grant in try await eid.unlock(number.rawValue, grant: grant) }
        return .ok(.init(body: .json(account)))
    }

    func registerForeignerEID(_ input: Operations.RegisterForeignerEID.Input) async throws -> Operations.RegisterForeignerEID.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let eid = try eid()
        let c = body.residenceCard
        let card = try ResidenceCard(
            number: c.number, kind: c.kind, name: c.name,
            sex: c.sex, dateOfBirth: c.dateOfBirth, nationality: c.nationality,
            validUntil: c.validUntil, issuedBy: c.issuedBy, wardCode: c.wardCode, reference: reference,
            today: gate.clock.today())
        let level = try Self.level(body.level.rawValue)
        let contact = try Contact(phone: body.phone, email: body.email)
        let account = try await gate.foreignerAccountWork(subject: card.subject, wardCode: card.wardCode, for: access) { grant in
            try await eid.registerForeigner(card, level: level, contact: contact, password: body.password, grant: grant)
        }
        return .created(.init(body: .json(.init(account: account, residenceCard: Self.card(card)))))
    }

    func readForeignerEID(_ input: Operations.ReadForeignerEID.Input) async throws -> Operations.ReadForeignerEID.Output {
        let access = try OperationContext.required().accessRequest()
        let eid = try eid()
        let card = try await Self.foreignersCard(input.path.cardNumber, eid)
        let account = try await gate.foreignerAccountWork(.read, subject: card.subject, wardCode: card.wardCode, for: access) { _ in
            try await eid.account(card.subject)
        }
        return .ok(.init(body: .json(.init(account: account, residenceCard: Self.card(card)))))
    }

    func lockForeignerEID(_ input: Operations.LockForeignerEID.Input) async throws -> Operations.LockForeignerEID.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let eid = try eid()
        let card = try await Self.foreignersCard(input.path.cardNumber, eid)
        let reason = try Self.lockReason(body.reason)
        let account = try await gate.foreignerAccountWork(.lock, subject: card.subject, wardCode: card.wardCode, for: access) { grant in
            try await eid.lock(card.subject, grant: grant, reason: reason)
        }
        return .ok(.init(body: .json(account)))
    }

    func unlockForeignerEID(_ input: Operations.UnlockForeignerEID.Input) async throws -> Operations.UnlockForeignerEID.Output {
        let access = try OperationContext.required().accessRequest()
        let eid = try eid()
        let card = try await Self.foreignersCard(input.path.cardNumber, eid)
        let account = try await gate.foreignerAccountWork(.unlock, subject: card.subject, wardCode: card.wardCode, for: access) { grant in
            try await eid.unlock(card.subject, grant: grant)
        }
        return .ok(.init(body: .json(account)))
    }

    func sendRegistrationCode(_ input: Operations.SendRegistrationCode.Input) async throws -> Operations.SendRegistrationCode.Output {
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let number = try Parameters.personalNumber(body.personalNumber, "personalNumber")
        let eid = try eid()
        try await eid.sendCode(
            for: number.rawValue, contact: try Contact(phone: body.phone, email: body.email),
            requestId: try OperationContext.required().requestId)
        return .accepted(
            .init(
                headers: .init(cacheControl: "no-store"),
                body: .json(
                    .init(
                        status: "a code was sent to the contact given, unless one was sent in the last minute",
                        expiresIn: Int(eid.policy.codeLifetimeSeconds)))))
    }

    func registerOnline(_ input: Operations.RegisterOnline.Input) async throws -> Operations.RegisterOnline.Output {
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let number = try Parameters.personalNumber(body.personalNumber, "personalNumber")
        let contact = try Contact(phone: body.phone, email: body.email)
        guard body.face.utf8.count <= 2_000_000, let face = Data(base64Encoded: body.face), !face.isEmpty else {
            throw Problem.badField("face", "a JPEG of the face in standard base64", rule: "base64")
        }
        let account = try await eid().registerOnline(
            number, contact: contact, code: body.code, password: body.password, face: Array(face),
            requestId: try OperationContext.required().requestId)
        return .created(.init(body: .json(account)))
    }

    static func lockReason(_ given: String) throws -> String {
        let reason = given.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty, reason.count <= 500 else { throw Problem.badField("reason", "say why, in 1 to 500 characters", rule: "length") }
        return reason.nfc
    }

    /// The residence card behind `/eid/foreigners/{cardNumber}`, or 404.
    static func foreignersCard(_ text: String, _ eid: EIDService) async throws -> ResidenceCard {
        let number = try Parameters.text(text, "cardNumber", maxLength: 20).uppercased()
        guard let card = try await eid.residenceCard(ResidenceCard.subjectPrefix + number) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "no eID account on residence card \(number)")
        }
        return card
    }

    static func card(_ card: ResidenceCard) -> Components.Schemas.ResidenceCard {
        .init(
            number: card.number, kind: card.kind, name: card.name,
            sex: card.sex, dateOfBirth: card.dateOfBirth, nationality: card.nationality,
            validUntil: card.validUntil, issuedBy: card.issuedBy, wardCode: card.wardCode)
    }

    static func level(_ value: Int) throws -> AssuranceLevel {
        guard let level = AssuranceLevel(rawValue: value) else { throw Problem.badField("level", "1 or 2", rule: "oneOf") }
        return level
    }
}
