public import DanCuAccess

/// The steps of a card's life, as the policy tells them apart.
public enum CardWork: Sendable {
    case read, apply, approve, produce, deliver, report, revoke
}

/// Card work is police work: any officer of the holder's area takes applications, hands cards over
/// and records losses; approval and revocation belong to province and central officers, and chips
/// are personalised centrally. Every change needs the purpose 'identity-card'.
extension AccessPolicy.Need {
    public static func card(_ work: CardWork, _ area: Area) -> Self {
        Self([
            WorksOnPersonalData(what: "identity cards"),
            NotForAudit(),
            When(work != .read, PurposeAmong([.identityCard], else: "card-office work needs the purpose 'identity-card'")),
            When(
                work == .approve || work == .revoke,
                RoleAmong([.provinceOfficer, .centralOfficer], else: "province and central officers approve and revoke cards")),
            When(work == .produce, RoleAmong([.centralOfficer], else: "chips are personalised by central officers")),
            Within(area),
        ])
    }

    /// A verification of a card's chip, answered with a verdict and no record: relying parties and
    /// police officers, to verify identity or for card work.
    public static let cardVerification = Self([
        VerifiesCards(),
        PurposeAmong(
            [.identityVerification, .identityCard],
            else: "verifying a card needs the purpose 'identity-verification' or 'identity-card'"),
    ])
}

struct VerifiesCards: AccessRule {
    func refusal(of officer: Officer, for purpose: Purpose?) -> String? {
        officer.role == .relyingParty || (officer.role.handlesPersonalData && officer.role != .system)
            ? nil : "the role \(officer.role.rawValue) does not verify cards"
    }
}
