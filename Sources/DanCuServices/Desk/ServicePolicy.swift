public import DanCuAccess

/// Who may touch applications. A citizen works on their own applications with the purpose
/// 'public-service'; an officer acts on the steps of their desk, for applications of their
/// jurisdiction, with the same purpose.
extension AccessPolicy.Need {
    /// The applicant's own application, and the register data it is filled from.
    public static func ownApplication(_ applicant: String) -> Self {
        Self([IsTheSubject(applicant), PurposeAmong([.publicService], else: "public services need the purpose 'public-service'")])
    }

    /// An officer's queue: a role that sits at a desk of public services (at `desk`, when named). The
    /// queue names no one, so it needs no purpose.
    public static func serviceQueue(_ desk: Procedure.Desk?) -> Self {
        Self(needsPurpose: false, [AtDesk(desk)])
    }

    /// The figures of applications (counts, no one named), in the officer's own jurisdiction: officers
    /// of the desks and of the police. Leaders' dashboards will read them too (issue 18).
    public static let serviceFigures = Self(
        needsPurpose: false,
        [RoleAmong([.communeOfficer, .civilStatusOfficer, .provinceOfficer, .centralOfficer], else: "only officers of public services read their figures")])

    /// An officer's work on an application handled in `area`, at `desk`.
    public static func serviceDesk(_ desk: Procedure.Desk?, _ area: Area) -> Self {
        Self([
            WorksOnPersonalData(what: "applications for public services"),
            NotForAudit(),
            PurposeAmong([.publicService], else: "work on applications needs the purpose 'public-service'"),
            AtDesk(desk),
            Within(area),
        ])
    }
}

/// The officer's role sits at the desk (nil: at any desk of public services).
struct AtDesk: AccessRule {
    let desk: Procedure.Desk?

    init(_ desk: Procedure.Desk?) { self.desk = desk }

    func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        let desks = Procedure.Desk.allCases.filter { $0.roles.contains(officer.role) }
        if let desk { return desks.contains(desk) ? nil : "the role \(officer.role.rawValue) does not act at the \(desk.rawValue) desk" }
        return desks.isEmpty ? "the role \(officer.role.rawValue) acts at no desk of public services" : nil
    }
}

extension Procedure.Desk {
    /// The roles that act at the desk. Member-system steps are decided by their member through the
    /// exchange gateway, never by an officer account.
    public var roles: Set<Role> {
        switch self {
        case .communePolice: [.communeOfficer, .provinceOfficer, .centralOfficer]
        case .civilStatus: [.civilStatusOfficer]
        case .cardOffice: [.provinceOfficer, .centralOfficer]
        case .memberSystem: []
        }
    }
}
