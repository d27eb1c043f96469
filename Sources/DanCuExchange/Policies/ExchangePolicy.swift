public import DanCuAccess
public import DanCuCore

/// Deny by default, as a pure function: what a member's request asks, the grants and documents of its
/// subsystem, and the day. The first missing piece is the refusal's reason, named so the member can
/// fix its request or ask for a grant: the service, the purpose, the legal basis, or the field.
public enum ExchangePolicy {
    public struct Question: Sendable {
        public let subsystem: Subsystem
        public let service: ExchangeService
        public let fields: [String]
        public let purpose: Purpose
        /// The document's code the request cites in `DanCu-Legal-Basis`.
        public let legalBasis: String
        /// Viet Nam's civil date: a document that ended yesterday grants nothing today.
        public let day: LocalDate

        public init(subsystem: Subsystem, service: ExchangeService, fields: [String], purpose: Purpose, legalBasis: String, day: LocalDate) {
            self.subsystem = subsystem
            self.service = service
            self.fields = fields
            self.purpose = purpose
            self.legalBasis = legalBasis
            self.day = day
        }
    }

    public enum Decision: Sendable, Equatable {
        case granted(ExchangeGrant, LegalDocument)
        case refused(String)
    }

    public static func decide(_ question: Question, grants: [ExchangeGrant], documents: [String: LegalDocument]) -> Decision {
        let who = question.subsystem.identifier
        let service = question.service.rawValue
        let forService = grants.filter { $0.subsystem == question.subsystem && $0.service == question.service }
        guard !forService.isEmpty else { return .refused("the service \(service) is not granted to \(who)") }
        let forPurpose = forService.filter { $0.purpose == question.purpose }
        guard !forPurpose.isEmpty else {
            return .refused("the purpose \(question.purpose.rawValue) is not granted to \(who) for \(service)")
        }
        let cited = forPurpose.filter { $0.legalBasis == question.legalBasis }
        guard !cited.isEmpty else {
            return .refused(
                "the legal basis \(question.legalBasis.prefix(64)) is not granted to \(who) for \(service); granted: "
                    + Set(forPurpose.map(\.legalBasis)).sorted().joined(separator: ", "))
        }
        guard let document = documents[question.legalBasis] else { return .refused("the legal basis \(question.legalBasis) is not registered") }
        guard document.isInForce(on: question.day) else {
            if question.day < document.validFrom { return .refused("the legal basis \(document.code) is in force only from \(document.validFrom)") }
            return .refused("the legal basis \(document.code) expired on \(document.validTo.map(\.description) ?? "?")")
        }
        if let grant = cited.first(where: { grant in question.fields.allSatisfy(grant.fields.contains) }) {
            return .granted(grant, document)
        }
        let anyGrant = Set(cited.flatMap(\.fields))
        let missing = question.fields.first { !anyGrant.contains($0) } ?? question.fields.first ?? ""
        return .refused("the field \(missing.prefix(40)) is not granted to \(who) for \(service) and \(question.purpose.rawValue)")
    }
}
