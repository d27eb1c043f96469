import DanCuCore

/// The rules of who may touch what, as pure functions of the request and the data's place.
///
/// A `Need` is a list of rules, each a small check that refuses or lets pass; the first refusal wins.
/// The gate knows the rules every capability shares (a purpose, a role that handles personal data, a
/// jurisdiction that covers the person); each capability composes its needs from them in its own
/// module (`Need.card` in DanCuCard, `Need.eidAccount` in DanCuEID), so that a new capability adds
/// rules without editing the gate. The shape follows swift-certificates' `VerifierPolicy`.
public enum AccessPolicy {
    /// What a request needs to be allowed: the rules it must pass.
    public struct Need: Sendable {
        /// Whether the request must carry a purpose; only running the system (no personal data) needs none.
        public let needsPurpose: Bool
        public let rules: [any AccessRule]

        public init(needsPurpose: Bool = true, _ rules: [any AccessRule]) {
            self.needsPurpose = needsPurpose
            self.rules = rules
        }

        /// A person's register data, attached to `area` (where they live or were registered, or where a
        /// residence is being registered).
        public static func personalData(_ area: Area) -> Need {
            Need([WorksOnPersonalData(what: "people's register data"), NotForAudit(), Within(area)])
        }

        /// The access log of a person.
        public static let accessLog = Need([
            RoleAmong([.auditor], else: "only auditors read the access log"),
            PurposeAmong([.audit], else: "reading the access log needs the purpose 'audit'"),
        ])

        /// The data of `subject`, read by that very person in self-service.
        public static func ownData(subject: String) -> Need {
            Need([IsTheSubject(subject), PurposeAmong([.selfService], else: "self-service reads need the purpose 'self-service'")])
        }

        /// Running the system: registering relying parties and the like. No personal data, so no purpose.
        public static let administration = Need(needsPurpose: false, [RoleAmong([.administrator], else: "only administrators run the system")])
    }

    /// Nil when allowed, else the reason for refusing.
    public static func refusal(_ request: AccessRequest, _ need: Need) -> Refusal? {
        let purpose = request.purpose
        if need.needsPurpose, purpose == nil {
            return request.unknownPurpose.map { .unknownPurpose($0) } ?? .noPurpose
        }
        for rule in need.rules {
            if let why = rule.refusal(of: request.officer, for: purpose) { return .forbidden(why) }
        }
        return nil
    }

    public enum Refusal: Equatable, Sendable {
        case noPurpose
        /// The request named a purpose the law does not list.
        case unknownPurpose(String)
        case forbidden(String)

        public var reason: String {
            switch self {
            case .noPurpose: "no purpose given"
            case .unknownPurpose(let given): "unknown purpose '\(given.prefix(60))'"
            case .forbidden(let why): why
            }
        }

        var error: AccessError {
            switch self {
            case .unknownPurpose(let given):
                .invalid(
                    field: Purpose.header,
                    detail: "unknown purpose '\(given.prefix(60))'; use one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))")
            case .noPurpose:
                .invalid(field: Purpose.header, detail: "say why: one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))")
            case .forbidden(let why): .forbidden(why)
            }
        }
    }
}
