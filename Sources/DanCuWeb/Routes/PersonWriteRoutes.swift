import DanCuAccess
import DanCuCore
import DanCuRegister
import Foundation
import HTTPTypes
import Hummingbird

/// Writes to the register: births, digitisation, life events, residence, stays, absences. All
/// through the gate; creating writes honour `Idempotency-Key`, updates `If-Match`.
enum PersonWriteRoutes {
    /// A life event other than residence: `{"change": {"deathRecorded": {"date": "2026-01-02"}}, "validFrom": …, "reason": …}`.
    struct EventRequest: Decodable {
        let change: LifeEventChange
        let validFrom: LocalDate?
        let reason: String?
    }

    /// `{"kind": "permanent" | "temporary" | "current" | "end-temporary", "place": …, "since": …, "until": …}`
    struct ResidenceRequest: Decodable {
        enum Kind: String, Decodable { case permanent, temporary, current, endTemporary = "end-temporary" }
        let kind: Kind
        let place: Place?
        let since: LocalDate
        let until: LocalDate?
    }

    /// The events this route records; the others have routes of their own or follow from another change.
    static let eventKinds: Set<String> = ["deathRecorded", "disappearanceRecorded", "reappeared", "marriageRegistered",
                                          "divorceRegistered", "nameChanged", "corrected"]

    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        let gate = services.gate

        v1.post("/births") { request, context in
            let access = try Handling.accessRequest(request, context)
            let data = try await Handling.bodyData(request, context)
            let birth = try Handling.decode(BirthRegistration.self, data)
            let created = try await gate.registerBirth(birth, idempotency: try Handling.idempotency(request, body: data), for: access)
            return Handling.person(created.value, status: created.replayed ? .ok : .created, location: true)
        }

        v1.post("/persons") { request, context in
            let access = try Handling.accessRequest(request, context)
            let data = try await Handling.bodyData(request, context)
            let person = try Handling.decode(Person.self, data)
            let created = try await gate.registerExisting(person, idempotency: try Handling.idempotency(request, body: data), for: access)
            return Handling.person(created.value, status: created.replayed ? .ok : .created, location: true)
        }

        v1.post("/persons/:number/events") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let version = try Handling.ifMatch(request)
            let data = try await Handling.bodyData(request, context)
            let event = try Handling.decode(EventRequest.self, data)
            guard eventKinds.contains(event.change.kind) else {
                throw Problem.badField("change", "\(event.change.kind) is not recorded here; use one of "
                                       + eventKinds.sorted().joined(separator: ", "), rule: "oneOf", status: .unprocessableContent)
            }
            let validFrom = event.validFrom ?? Self.defaultValidFrom(event.change, today: gate.clock.today())
            return Handling.recorded(try await gate.record(event.change, for: number, validFrom: validFrom, reason: event.reason,
                                                           expectedVersion: version, presence: try PresenceBody.from(data, services, access), request: access))
        }

        v1.post("/persons/:number/residence") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let version = try Handling.ifMatch(request)
            let data = try await Handling.bodyData(request, context)
            let body = try Handling.decode(ResidenceRequest.self, data)
            let change: LifeEventChange
            switch body.kind {
            case .endTemporary:
                change = .temporaryResidenceEnded
            case .permanent, .temporary, .current:
                guard let place = body.place else { throw Problem.badField("place", "is required for this kind", rule: "required") }
                switch body.kind {
                case .permanent: change = .permanentResidenceRegistered(Residence(place: place, since: body.since))
                case .temporary:
                    guard let until = body.until else {
                        throw Problem.badField("until", "a temporary residence needs an end date", rule: "required")
                    }
                    change = .temporaryResidenceRegistered(Residence(place: place, since: body.since, until: until))
                default: change = .currentResidenceDeclared(place)
                }
            }
            return Handling.recorded(try await gate.record(change, for: number, validFrom: body.since, reason: nil,
                                                           expectedVersion: version, presence: try PresenceBody.from(data, services, access), request: access))
        }

        v1.post("/persons/:number/stay-notices") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let version = try Handling.ifMatch(request)
            let data = try await Handling.bodyData(request, context)
            let stay = try Handling.decode(StayNotice.self, data)
            return Handling.recorded(try await gate.record(.stayNotified(stay), for: number, validFrom: stay.from, reason: nil,
                                                           expectedVersion: version, presence: try PresenceBody.from(data, services, access), request: access))
        }

        v1.post("/persons/:number/temporary-absences") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let version = try Handling.ifMatch(request)
            let absence = try await Handling.body(TemporaryAbsence.self, request, context)
            return Handling.recorded(try await gate.record(.temporaryAbsenceDeclared(absence), for: number, validFrom: absence.from,
                                                           reason: nil, expectedVersion: version, request: access))
        }
    }

    /// When a body gives no `validFrom`: the event's own date where it has one, else today.
    static func defaultValidFrom(_ change: LifeEventChange, today: LocalDate) -> LocalDate {
        switch change {
        case .deathRecorded(let date), .disappearanceRecorded(let date): date.earliest
        default: today
        }
    }
}
