import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuCore
import Foundation

/// The card office (applications, each step of a card's life, the chip's files) and the verification
/// service. Binary parts (images, templates, chip files) travel as standard base64.
struct CardController: Sendable {
    /// Nil where the installation has no card keys: every operation answers 503.
    let service: Cards?

    /// The events an officer records by hand (a card is replaced only by delivering its successor).
    static let recordable = CardEvent.allCases.filter { $0 != .replace }

    private func cards() throws -> Cards {
        guard let service else {
            throw CardError.unavailable("this installation has no card keys: run `dancu keys csca init` and `dancu keys ds issue`")
        }
        return service
    }

    func applyForCard(_ input: Operations.ApplyForCard.Input) async throws -> Operations.ApplyForCard.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let operation = try OperationContext.required()
        let access = try operation.accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let biometrics =
            try body.biometrics.map { given in
                Biometrics(
                    face: try given.face.map { try Parameters.bytes($0, field: "biometrics.face") },
                    fingerprints: try (given.fingerprints ?? []).enumerated().map { try Parameters.bytes($1, field: "biometrics.fingerprints[\($0)]") },
                    irises: try (given.irises ?? []).enumerated().map { try Parameters.bytes($1, field: "biometrics.irises[\($0)]") })
            } ?? .none
        let application = CardApplication(kind: body.kind, reason: body.reason, biometrics: biometrics)
        let created = try await cards().apply(
            for: number, application,
            idempotency: try Idempotency.of(input.headers.idempotencyKey, body, operation), request: access)
        let card = try Self.card(created.value)
        let location = "/v1/cards/\(created.value.cardId)"
        let eTag = "\"\(created.value.version)\""
        if created.replayed { return .ok(.init(headers: .init(location: location, eTag: eTag), body: .json(card))) }
        return .created(.init(headers: .init(location: location, eTag: eTag), body: .json(card)))
    }

    func personCards(_ input: Operations.PersonCards.Input) async throws -> Operations.PersonCards.Output {
        let number = try Parameters.personalNumber(input.path.number)
        let cards = try await cards().cards(of: number, request: try OperationContext.required().accessRequest())
        return .ok(.init(body: .json(.init(items: try cards.map(Self.card)))))
    }

    func readCard(_ input: Operations.ReadCard.Input) async throws -> Operations.ReadCard.Output {
        let id = try Parameters.text(input.path.cardId, "cardId", maxLength: 24)
        let card = try await cards().card(id, request: try OperationContext.required().accessRequest())
        return .ok(.init(headers: .init(eTag: "\"\(card.version)\""), body: .json(try Self.card(card))))
    }

    func recordCardEvent(_ input: Operations.RecordCardEvent.Input) async throws -> Operations.RecordCardEvent.Output {
        let id = try Parameters.text(input.path.cardId, "cardId", maxLength: 24)
        let access = try OperationContext.required().accessRequest()
        let version = try Parameters.version(ifMatch: input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        guard let event = CardEvent(name: body.event.rawValue), event != .replace else {
            throw Problem.badField("event", "use one of " + Self.recordable.map(\.name).joined(separator: ", "), rule: "oneOf")
        }
        let card = try await cards().record(event, on: id, reason: body.reason, expectedVersion: version, request: access)
        return .ok(.init(headers: .init(eTag: "\"\(card.version)\""), body: .json(try Self.card(card))))
    }

    func readChip(_ input: Operations.ReadChip.Input) async throws -> Operations.ReadChip.Output {
        let id = try Parameters.text(input.path.cardId, "cardId", maxLength: 24)
        let files = try await cards().chip(id, request: try OperationContext.required().accessRequest())
        let groups = Dictionary(uniqueKeysWithValues: files.dataGroups.map { (String($0.key), Parameters.base64($0.value)) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        cardId: id, efCOM: Parameters.base64(files.efCOM), dataGroups: .init(additionalProperties: groups),
                        sod: Parameters.base64(files.sod), sodDigest: files.sodDigest))))
    }

    func verifyCard(_ input: Operations.VerifyCard.Input) async throws -> Operations.VerifyCard.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let signed = try await cards().verify(try PresenceReader.verification(body, field: nil), request: access)
        return .ok(.init(body: .json(.init(verdict: signed.verdict, jws: signed.jws))))
    }

    static func card(_ card: IdentityCard) throws -> Components.Schemas.IdentityCard {
        .init(
            cardId: card.cardId, personalNumber: card.personalNumber, status: card.status, version: card.version, kind: card.kind,
            reason: card.reason?.rawValue, appliedAt: Self.instant(card.appliedAt), issuedOn: card.issuedOn, expiresOn: card.expiresOn,
            documentSigner: card.documentSigner,
            events: card.events.map {
                .init(seq: $0.seq, event: $0.event, status: $0.status, officer: $0.officer, at: Self.instant($0.at), reason: $0.reason)
            })
    }

    static func instant(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
}
