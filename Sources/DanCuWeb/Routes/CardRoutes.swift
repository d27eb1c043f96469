import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird

/// The card office and the verification service. Binary parts (images, templates, chip files) travel
/// as standard base64.
enum CardRoutes {
    /// `{"kind": "first", "reason": null, "biometrics": {"face": "<base64 JPEG>", "fingerprints": [...], "irises": [...]}}`
    struct Application: Decodable {
        let kind: CardApplication.Kind
        let reason: CardApplication.Reason?
        let biometrics: BiometricsBody?
    }

    struct BiometricsBody: Decodable {
        let face: String?
        let fingerprints: [String]?
        let irises: [String]?
    }

    /// `{"event": "approve" | "refuse" | "produce" | "deliver" | "report-lost" | …, "reason": …}`
    struct EventBody: Decodable {
        let event: String
        let reason: String?
    }

    /// `{"sod": "<base64>", "dataGroups": {"1": "<base64>", …}, "challenge": "<base64>", "signature": "<base64>"}`
    struct VerifyBody: Decodable {
        let sod: String
        let dataGroups: [String: String]
        let challenge: String?
        let signature: String?
    }

    struct CardBody: Encodable {
        let cardId: String
        let personalNumber: String
        let status: String
        let version: Int
        let kind: String
        let reason: String?
        let appliedAt: String
        let issuedOn: String?
        let expiresOn: String?
        let documentSigner: String?
        let events: [EventRecord]

        struct EventRecord: Encodable {
            let seq: Int
            let event: String
            let status: String
            let officer: String
            let at: String
            let reason: String?
        }

        init(_ card: IdentityCard) {
            cardId = card.cardId
            personalNumber = card.personalNumber.rawValue
            status = card.status.rawValue
            version = card.version
            kind = card.kind.rawValue
            reason = card.reason?.rawValue
            appliedAt = WallClock.iso(micros: card.appliedAt)
            issuedOn = card.issuedOn?.description
            expiresOn = card.expiresOn?.description
            documentSigner = card.documentSigner
            events = card.events.map {
                EventRecord(seq: $0.seq, event: $0.event, status: $0.status.rawValue, officer: $0.officer, at: WallClock.iso(micros: $0.at),
                            reason: $0.reason)
            }
        }
    }

    struct ChipBody: Encodable {
        let cardId: String
        let efCOM: String
        let dataGroups: [String: String]
        let sod: String
        let sodDigest: String
    }

    struct VerdictBody: Encodable {
        let verdict: CardVerdict
        let jws: String
    }

    /// The events an officer records by hand (a card is replaced only by delivering its successor).
    static let recordable = CardEvent.allCases.filter { $0 != .replace }

    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        let cards = { @Sendable () throws -> Cards in
            guard let cards = services.cards else {
                throw CardError.unavailable("this installation has no card keys: run `dancu keys csca init` and `dancu keys ds issue`")
            }
            return cards
        }

        v1.post("/persons/:number/cards") { request, context in
            let number = try Handling.personalNumber(context)
            let access = try Handling.accessRequest(request, context)
            let data = try await Handling.bodyData(request, context)
            let body = try Handling.decode(Application.self, data)
            let application = CardApplication(kind: body.kind, reason: body.reason, biometrics: try biometrics(body.biometrics))
            let created = try await cards().apply(for: number, application, idempotency: try Handling.idempotency(request, body: data),
                                                  request: access)
            return try card(created.value, status: created.replayed ? .ok : .created, location: true)
        }

        v1.get("/persons/:number/cards") { request, context in
            let number = try Handling.personalNumber(context)
            let cards = try await cards().cards(of: number, request: try Handling.accessRequest(request, context))
            return try Handling.json(MeRoutes.Items(items: cards.map(CardBody.init), nextCursor: nil))
        }

        v1.get("/cards/:cardId") { request, context in
            let id = try Handling.pathText(context, "cardId", maxLength: 24)
            return try card(try await cards().card(id, request: try Handling.accessRequest(request, context)))
        }

        v1.post("/cards/:cardId/events") { request, context in
            let id = try Handling.pathText(context, "cardId", maxLength: 24)
            let access = try Handling.accessRequest(request, context)
            let version = try Handling.ifMatch(request)
            let body = try await Handling.body(EventBody.self, request, context)
            guard let event = CardEvent(name: body.event), event != .replace else {
                throw Problem.badField("event", "use one of " + recordable.map(\.name).joined(separator: ", "), rule: "oneOf")
            }
            return try card(try await cards().record(event, on: id, reason: body.reason, expectedVersion: version, request: access))
        }

        v1.get("/cards/:cardId/chip") { request, context in
            let id = try Handling.pathText(context, "cardId", maxLength: 24)
            let files = try await cards().chip(id, request: try Handling.accessRequest(request, context))
            return try Handling.json(ChipBody(cardId: id, efCOM: base64(files.efCOM),
                                              dataGroups: Dictionary(uniqueKeysWithValues: files.dataGroups.map { (String($0.key), base64($0.value)) }),
                                              sod: base64(files.sod), sodDigest: files.sodDigest))
        }

        v1.post("/cards/verify") { request, context in
            let access = try Handling.accessRequest(request, context)
            let body = try await Handling.body(VerifyBody.self, request, context)
            let verification = try verification(sod: body.sod, dataGroups: body.dataGroups, challenge: body.challenge,
                                                signature: body.signature)
            let signed = try await cards().verify(verification, request: access)
            return try Handling.json(VerdictBody(verdict: signed.verdict, jws: signed.jws))
        }
    }

    /// A chip's files as a reader sends them (base64), checked for shape; `field` prefixes the names of bad members.
    static func verification(sod: String, dataGroups: [String: String], challenge: String?, signature: String?,
                             field: String? = nil) throws -> CardVerificationRequest {
        let prefix = field.map { $0 + "." } ?? ""
        var groups: [Int: [UInt8]] = [:]
        for (key, value) in dataGroups {
            guard let number = Int(key), (1...16).contains(number) else {
                throw Problem.badField("\(prefix)dataGroups.\(key.prefix(8))", "data groups are numbered 1 to 16", rule: "dataGroup",
                                       status: .unprocessableContent)
            }
            groups[number] = try bytes(value, field: "\(prefix)dataGroups.\(number)")
        }
        return CardVerificationRequest(sod: try bytes(sod, field: prefix + "sod"), dataGroups: groups,
                                       challenge: try challenge.map { try bytes($0, field: prefix + "challenge") },
                                       signature: try signature.map { try bytes($0, field: prefix + "signature") })
    }

    static func card(_ card: IdentityCard, status: HTTPResponse.Status = .ok, location: Bool = false) throws -> Response {
        var headers: HTTPFields = [.eTag: "\"\(card.version)\""]
        if location { headers[.location] = "/v1/cards/\(card.cardId)" }
        return try Handling.json(CardBody(card), status: status, headers: headers)
    }

    static func biometrics(_ body: BiometricsBody?) throws -> Biometrics {
        guard let body else { return .none }
        return Biometrics(face: try body.face.map { try bytes($0, field: "biometrics.face") },
                          fingerprints: try (body.fingerprints ?? []).enumerated().map { try bytes($1, field: "biometrics.fingerprints[\($0)]") },
                          irises: try (body.irises ?? []).enumerated().map { try bytes($1, field: "biometrics.irises[\($0)]") })
    }

    static func bytes(_ text: String, field: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw Problem.badField(field, "is not standard base64", rule: "base64") }
        return [UInt8](data)
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
