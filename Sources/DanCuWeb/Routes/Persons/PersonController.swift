import DanCuAPI
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

/// The register's people: search, a person's history, births and digitisation. Reading one person by
/// number is `PersonReadRoutes`, which writes the stored record straight into the answer.
struct PersonController: Sendable {
    let gate: Gate
    let units: AdministrativeUnits

    func searchPersons(_ input: Operations.SearchPersons.Input) async throws -> Operations.SearchPersons.Output {
        let access = try OperationContext.required().accessRequest()
        let name = input.query.name.replacingOccurrences(of: "+", with: " ")
        guard !VietnameseName.fold(name).isEmpty, name.count <= 200 else {
            throw Problem.badField("name", "give at least the start of a name (up to 200 characters)", rule: "required")
        }
        if let ward = input.query.ward, units.ward(ward) == nil {
            throw Problem.badField("ward", "no current ward \(ward.prefix(20))", rule: "wardCode")
        }
        var search = PersonSearch(
            name: name, birthYear: try Parameters.whole(input.query.birthYear, "birthYear", in: 1800...2200),
            wardCode: input.query.ward, limit: try Parameters.whole(input.query.limit, "limit", in: 1...200) ?? 20)
        if let cursor = input.query.cursor {
            guard let after = SearchCursor.decode(cursor) else { throw Problem.badField("cursor", "not a cursor this API gave", rule: "cursor") }
            search.after = after
        }
        let page = try await gate.search(search, for: access)
        let hits = try page.hits.map { hit in
            Components.Schemas.SearchHit(
                personalNumber: try PersonalNumber(hit.personalNumber),
                fullName: hit.fullName, birthYear: hit.birthYear, sex: hit.sex, wardCode: hit.wardCode,
                vitalStatus: hit.vitalStatus)
        }
        return .ok(.init(body: .json(.init(items: hits, nextCursor: page.next.map(SearchCursor.encode)))))
    }

    func personHistory(_ input: Operations.PersonHistory.Input) async throws -> Operations.PersonHistory.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let access = try OperationContext.required().accessRequest()
        let after = try Parameters.whole(input.query.cursor, "cursor", in: 0...1_000_000) ?? 0
        let limit = try Parameters.whole(input.query.limit, "limit", in: 1...200) ?? 50
        let page = try await gate.history(number, afterSeq: after, limit: limit, for: access)
        let items = page.events.enumerated().map { i, e in
            Components.Schemas.LifeEvent(
                seq: page.firstSeq + i, kind: e.kind, validFrom: e.validFrom,
                recordedAt: Date(timeIntervalSince1970: Double(e.recordedAt) / 1_000_000), officer: e.officer,
                reason: e.reason, change: e.change)
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.more ? String(page.firstSeq + items.count - 1) : nil))))
    }

    func registerBirth(_ input: Operations.RegisterBirth.Input) async throws -> Operations.RegisterBirth.Output {
        let operation = try OperationContext.required()
        let access = try operation.accessRequest()
        guard case .json(let birth) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let created = try await gate.registerBirth(
            birth, idempotency: try Idempotency.of(input.headers.idempotencyKey, birth, operation),
            for: access)
        let answer = PersonAnswer(created.value)
        if created.replayed { return .ok(.init(headers: .init(location: answer.location, eTag: answer.eTag), body: .json(answer.body))) }
        return .created(.init(headers: .init(location: answer.location, eTag: answer.eTag), body: .json(answer.body)))
    }

    func enterPerson(_ input: Operations.EnterPerson.Input) async throws -> Operations.EnterPerson.Output {
        let operation = try OperationContext.required()
        let access = try operation.accessRequest()
        guard case .json(let person) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let created = try await gate.registerExisting(
            person, idempotency: try Idempotency.of(input.headers.idempotencyKey, person, operation),
            for: access)
        let answer = PersonAnswer(created.value)
        if created.replayed { return .ok(.init(headers: .init(location: answer.location, eTag: answer.eTag), body: .json(answer.body))) }
        return .created(.init(headers: .init(location: answer.location, eTag: answer.eTag), body: .json(answer.body)))
    }
}

/// A person as a write answers it: the record and its version, the version as ETag, and its path.
struct PersonAnswer {
    let body: Components.Schemas.VersionedPerson
    let eTag: String
    let location: String

    init(_ versioned: VersionedPerson) {
        body = .init(person: versioned.person, version: versioned.version)
        eTag = "\"\(versioned.version)\""
        location = "/v1/persons/\(versioned.person.personalNumber.rawValue)"
    }
}
