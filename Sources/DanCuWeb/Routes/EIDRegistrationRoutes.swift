import DanCuCore
import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird

/// Level-1 self-registration, open to anyone: a code to the caller's phone or e-mail, then the account
/// with the code, a password and a face that must match the register's photo. Neither step says
/// anything about the personal number before the face matches.
enum EIDRegistrationRoutes {
    struct CodeRequest: Decodable {
        let personalNumber: String
        let phone: String?
        let email: String?
    }

    struct Registration: Decodable {
        let personalNumber: String
        let phone: String?
        let email: String?
        let code: String
        let password: String
        /// A JPEG of the face, standard base64.
        let face: String
    }

    struct Queued: Encodable {
        let status: String
        let expiresIn: Int64
    }

    static func add(to router: Router<AppContext>, _ services: Services) {
        guard let eid = services.eid else { return }
        router.post("/eid/registration/code") { request, context in
            let body = try await Handling.body(CodeRequest.self, request, context)
            let number = try number(body.personalNumber)
            try await eid.sendCode(for: number.rawValue, contact: try Contact(phone: body.phone, email: body.email), requestId: context.requestId)
            return try Handling.json(Queued(status: "a code was sent to the contact given, unless one was sent in the last minute",
                                            expiresIn: eid.policy.codeLifetimeSeconds), status: .accepted, headers: [.cacheControl: "no-store"])
        }
        router.post("/eid/registration") { request, context in
            let body = try await Handling.body(Registration.self, request, context)
            let number = try number(body.personalNumber)
            let contact = try Contact(phone: body.phone, email: body.email)
            guard body.face.utf8.count <= 2_000_000, let face = Data(base64Encoded: body.face), !face.isEmpty else {
                throw Problem.badField("face", "a JPEG of the face in standard base64", rule: "base64")
            }
            let account = try await eid.registerOnline(number, contact: contact, code: body.code, password: body.password, face: Array(face),
                                                       requestId: context.requestId)
            return try Handling.json(account, status: .created)
        }
    }

    static func number(_ text: String) throws -> PersonalNumber {
        do { return try PersonalNumber(text) } catch { throw Problem.badField("personalNumber", error.description, rule: "personalNumber") }
    }
}
