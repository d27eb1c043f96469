import DanCuAPI
import DanCuAccess
import DanCuCore
import DanCuRegister
import HTTPTypes

/// Changes to one person's life: the events a register records (death, marriage, a new name, a
/// correction), residence, stays and temporary absences. Each names the version it was made against
/// (`If-Match`); its answer discloses the record only to a caller who may read the person.
struct LifeEventController: Sendable {
    let gate: Gate
    let presence: PresenceReader

    /// The events `/events` records; the others have operations of their own or follow from another change.
    static let eventKinds: Set<String> = [
        "deathRecorded", "disappearanceRecorded", "reappeared", "marriageRegistered",
        "divorceRegistered", "nameChanged", "corrected",
    ]

    func recordLifeEvent(_ input: Operations.RecordLifeEvent.Input) async throws -> Operations.RecordLifeEvent.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        let version = try Parameters.version(ifMatch: input.headers.ifMatch)
        guard case .json(let event) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        guard Self.eventKinds.contains(event.change.kind) else {
            throw Problem.badField(
                "change",
                "\(event.change.kind) is not recorded here; use one of "
                    + Self.eventKinds.sorted().joined(separator: ", "), rule: "oneOf", status: .unprocessableContent)
        }
        let validFrom = event.validFrom ?? Self.defaultValidFrom(event.change, today: gate.clock.today())
        let change = try await gate.record(
            event.change, for: number, validFrom: validFrom, reason: event.reason, expectedVersion: version,
            presence: try presence.read(event.presence, access), request: access)
        let (eTag, body) = Self.answer(change)
        return .ok(.init(headers: .init(eTag: eTag), body: .json(body)))
    }

    func registerResidence(_ input: Operations.RegisterResidence.Input) async throws -> Operations.RegisterResidence.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        let version = try Parameters.version(ifMatch: input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let change: LifeEventChange
        switch body.kind {
        case .endTemporary:
            change = .temporaryResidenceEnded
        case .permanent, .temporary, .current:
            guard let place = body.place else { throw Problem.badField("place", "is required for this kind", rule: "required") }
            switch body.kind {
            case .permanent: change = .permanentResidenceRegistered(Residence(place: place, since: body.since))
            case .temporary:
                guard let until = body.until else { throw Problem.badField("until", "a temporary residence needs an end date", rule: "required") }
                change = .temporaryResidenceRegistered(Residence(place: place, since: body.since, until: until))
            default: change = .currentResidenceDeclared(place)
            }
        }
        let recorded = try await gate.record(
            change, for: number, validFrom: body.since, reason: nil, expectedVersion: version,
            presence: try presence.read(body.presence, access), request: access)
        let (eTag, answer) = Self.answer(recorded)
        return .ok(.init(headers: .init(eTag: eTag), body: .json(.init(value1: answer.value1, value2: answer.value2))))
    }

    func notifyStay(_ input: Operations.NotifyStay.Input) async throws -> Operations.NotifyStay.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        let version = try Parameters.version(ifMatch: input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let stay = body.value1
        let recorded = try await gate.record(
            .stayNotified(stay), for: number, validFrom: stay.from, reason: nil, expectedVersion: version,
            presence: try presence.read(body.value2.presence, access), request: access)
        let (eTag, answer) = Self.answer(recorded)
        return .ok(.init(headers: .init(eTag: eTag), body: .json(.init(value1: answer.value1, value2: answer.value2))))
    }

    func declareTemporaryAbsence(_ input: Operations.DeclareTemporaryAbsence.Input) async throws -> Operations.DeclareTemporaryAbsence.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        let version = try Parameters.version(ifMatch: input.headers.ifMatch)
        guard case .json(let absence) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let recorded = try await gate.record(
            .temporaryAbsenceDeclared(absence), for: number, validFrom: absence.from, reason: nil,
            expectedVersion: version, request: access)
        let (eTag, answer) = Self.answer(recorded)
        return .ok(.init(headers: .init(eTag: eTag), body: .json(.init(value1: answer.value1, value2: answer.value2))))
    }

    /// A change's answer: the record, as a read would give it, when the caller may read the person;
    /// otherwise the number, the kind of change and the new version, and nothing of the record.
    static func answer(_ change: RecordedChange) -> (eTag: String, body: Operations.RecordLifeEvent.Output.Ok.Body.JsonPayload) {
        let eTag = "\"\(change.version)\""
        if let person = change.person {
            return (eTag, .init(value1: .init(person: person, version: change.version)))
        }
        return (eTag, .init(value2: .init(personalNumber: change.personalNumber, recorded: change.kind, version: change.version)))
    }

    /// When a body gives no `validFrom`: the event's own date where it has one, else today.
    static func defaultValidFrom(_ change: LifeEventChange, today: LocalDate) -> LocalDate {
        switch change {
        case .deathRecorded(let date), .disappearanceRecorded(let date): date.earliest
        default: today
        }
    }
}
