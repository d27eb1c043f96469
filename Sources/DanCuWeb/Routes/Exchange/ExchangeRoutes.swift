import DanCuCore
import DanCuExchange
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat

/// The exchange gateway's routes under `/x/v1`, behind `ExchangeSignatureMiddleware`. They stay
/// Hummingbird routes rather than generated operations: a signed message is judged on its exact bytes
/// and headers, which the generated transport does not hand over (docs/architecture.md).
enum ExchangeRoutes {
    static func add(to router: Router<AppContext>, _ services: Services) {
        let x = router.group("/x/v1").add(middleware: ExchangeSignatureMiddleware(gateway: services.exchange))
        x.post("/verify") { request, context in
            let (gateway, caller) = try member(services, context)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            guard Handling.isJSON(request.headers[.contentType]) else {
                throw Problem(.unsupportedMediaType, "not-json", "The body is not JSON", detail: "send Content-Type: application/json")
            }
            let question = try VerifyBody.read(Data(buffer: body))
            return try Handling.json(VerifyAnswerJSON(try await gateway.verify(question, for: caller)))
        }
        x.get("/persons/:number") { request, context in
            let (gateway, caller) = try member(services, context)
            let number = try Handling.personalNumber(context)
            guard let list = Handling.query(request, "fields") else { throw Problem.badField("fields", "name the fields to read, comma-separated") }
            let fields = list.split(separator: ",", omittingEmptySubsequences: false).map { Handling.trimmedSpaces(String($0)) }
            return Handling.json(try await gateway.person(number, fields: fields, for: caller))
        }
        router.get("/x/v1/keys") { _, _ in
            guard let gateway = services.exchange else { throw ExchangeRefusal.unavailable }
            return try Handling.json(["keys": try await gateway.keys.publicKeys()], headers: [.cacheControl: "public, max-age=300"])
        }
    }

    /// The gateway and the member the signature middleware accepted; it runs before every route here.
    static func member(_ services: Services, _ context: AppContext) throws -> (ExchangeGateway, MemberCaller) {
        guard let gateway = services.exchange else { throw ExchangeRefusal.unavailable }
        guard let caller = context.member else { throw HTTPError(.internalServerError, message: "the exchange route ran without a verified member") }
        return (gateway, caller)
    }
}

/// The verify answer as the API writes it.
struct VerifyAnswerJSON: Encodable {
    let personalNumber: String
    let match: Bool
    let fields: [String: String]
    let alive: Bool?

    init(_ answer: VerifyAnswer) {
        personalNumber = answer.personalNumber.rawValue
        match = answer.matches
        fields = answer.fields.mapValues(\.rawValue)
        alive = answer.alive
    }
}
