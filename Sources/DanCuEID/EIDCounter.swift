public import DanCuAccess
public import DanCuCore

/// What an officer does with a person's eID account at the counter.
public enum EIDWork: String, Sendable {
    case read, register
    case raiseLevel = "raise-level"
    case lock, unlock
    /// A foreigner's account, on a residence card: immigration work of province and central police.
    case registerForeigner = "register-foreigner"
}

/// eID accounts are registered, raised and unlocked at the holder's request by the police of their
/// area; a lock may also be placed under investigation.
extension AccessPolicy.Need {
    public static func eidAccount(_ work: EIDWork, _ area: Area) -> Self {
        let counterWork = PurposeAmong([.citizenRequest], else: "eID counter work needs the purpose 'citizen-request'")
        return Self([
            WorksOnPersonalData(what: "eID accounts"),
            NotForAudit(),
            When([.register, .raiseLevel, .unlock, .registerForeigner].contains(work), counterWork),
            When(
                work == .registerForeigner,
                RoleAmong([.provinceOfficer, .centralOfficer], else: "foreigners' accounts are made by province and central police")),
            When(
                work == .lock,
                PurposeAmong(
                    [.citizenRequest, .lawEnforcement],
                    else: "locking an eID needs the purpose 'citizen-request' or 'law-enforcement'")),
            Within(area),
        ])
    }

    /// The eID service's own reads while a person registers online or raises their level with their
    /// chip: the system acts at the person's request, once they proved a phone or e-mail.
    static let eidSelfRegistration = Self([RoleAmong([.system], else: "only the eID service registers accounts online")])

    /// The SMS and e-mail gateway taking the codes waiting for it.
    static let messageGateway = Self([RoleAmong([.system], else: "only the message gateway reads the outbox")])

    /// A relying party receiving a holder's claims with their consent, for the purpose it registered.
    static let consentedRelease = Self([RoleAmong([.relyingParty], else: "only relying parties receive a holder's claims")])
}

/// Officers' counter work on eID accounts: the gate decides, then the work runs with the grant, which
/// logs a read once done and a change inside the change's own transaction.
extension Gate {
    static let eidFields = ["eidAccount"]

    /// Authorizes `work` on the account of `number` for the officer of the holder's area, then runs it.
    /// A change is logged by the eID service, in its transaction, through the grant; a read here, once done.
    public func eidAccountWork<T: Sendable>(
        _ work: EIDWork, of number: PersonalNumber, for request: AccessRequest,
        _ body: (AccessGrant) async throws -> T
    ) async throws -> T {
        let grant = try await grant(
            request, on: number, need: { .eidAccount(work, $0) }, action: "eid-" + work.rawValue,
            fields: Self.eidFields)
        let result = try await body(grant)
        if work == .read { try await grant.logRead() }
        return result
    }

    /// Authorizes `work` on a foreigner's account (`subject`, from the residence card) for an officer
    /// whose jurisdiction covers the ward the foreigner lives in, then runs it. Foreigners are not in
    /// the register, so no register transaction carries a change's entry: it is appended before the
    /// change, so that a crash between the two leaves an entry too many rather than a change unlogged.
    public func foreignerAccountWork<T: Sendable>(
        _ work: EIDWork = .registerForeigner, subject: String, wardCode: String,
        for request: AccessRequest, _ body: (AccessGrant) async throws -> T
    ) async throws -> T {
        let grant = try await grant(
            request, .eidAccount(work, area(ofWard: wardCode)), subject: subject, action: "eid-" + work.rawValue,
            fields: Self.eidFields)
        if work == .read {
            let result = try await body(grant)
            try await grant.logRead()
            return result
        }
        try await grant.logChange()
        return try await body(grant)
    }
}
