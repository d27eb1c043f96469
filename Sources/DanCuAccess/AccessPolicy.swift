import DanCuCore

/// The rules of who may touch what, as pure functions of the request and the data's place.
public enum AccessPolicy {
    /// What a request needs to be allowed.
    public enum Need: Sendable {
        /// A person's register data, attached to `area` (where they live or were registered, or where a
        /// residence is being registered).
        case personalData(Area)
        /// The access log of a person.
        case accessLog
    }

    /// Nil when allowed, else the reason for refusing.
    public static func refusal(_ request: AccessRequest, _ need: Need) -> Refusal? {
        let officer = request.officer
        guard let purpose = request.purpose else { return .noPurpose }
        switch need {
        case .personalData(let area):
            guard officer.role.handlesPersonalData else {
                return .forbidden("the role \(officer.role.rawValue) does not work on people's register data")
            }
            guard purpose != .audit else { return .forbidden("the purpose 'audit' is for reading the access log") }
            guard officer.jurisdiction.covers(area) else {
                return .forbidden("outside the officer's jurisdiction (\(officer.jurisdiction))")
            }
            return nil
        case .accessLog:
            guard officer.role == .auditor else { return .forbidden("only auditors read the access log") }
            guard purpose == .audit else { return .forbidden("reading the access log needs the purpose 'audit'") }
            return nil
        }
    }

    public enum Refusal: Equatable, Sendable {
        case noPurpose
        case forbidden(String)

        public var reason: String {
            switch self {
            case .noPurpose: "no purpose given"
            case .forbidden(let why): why
            }
        }

        var error: AccessError {
            switch self {
            case .noPurpose:
                .invalid(field: Purpose.header, detail: "say why: one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))")
            case .forbidden(let why): .forbidden(why)
            }
        }
    }
}
