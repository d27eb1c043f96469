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
        /// Card-office work on the card of a person attached to `area`.
        case card(CardWork, Area)
        /// A verification of a card's chip, answered with a verdict and no record.
        case cardVerification
        /// The data of `subject`, read by that very person in self-service.
        case ownData(subject: String)
        /// Running the system: registering relying parties and the like. No personal data, so no purpose.
        case administration
        /// Counter work on the eID account of a person attached to `area`.
        case eidAccount(EIDWork, Area)
    }

    /// What an officer does with a person's eID account at the counter.
    public enum EIDWork: String, Sendable {
        case read, register, raiseLevel = "raise-level", lock, unlock
        /// A foreigner's account, on a residence card: immigration work of province and central police.
        case registerForeigner = "register-foreigner"
    }

    /// The steps of a card's life, as the policy tells them apart.
    public enum CardWork: Sendable {
        case read, apply, approve, produce, deliver, report, revoke
    }

    /// Nil when allowed, else the reason for refusing.
    public static func refusal(_ request: AccessRequest, _ need: Need) -> Refusal? {
        let officer = request.officer
        if case .administration = need {
            return officer.role == .administrator ? nil : .forbidden("only administrators run the system")
        }
        guard let purpose = request.purpose else { return request.unknownPurpose.map { .unknownPurpose($0) } ?? .noPurpose }
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
        case .card(let work, let area):
            return cardRefusal(officer, purpose, work, area)
        case .cardVerification:
            guard officer.role == .relyingParty || officer.role.handlesPersonalData else {
                return .forbidden("the role \(officer.role.rawValue) does not verify cards")
            }
            guard [.identityVerification, .identityCard].contains(purpose) else {
                return .forbidden("verifying a card needs the purpose 'identity-verification' or 'identity-card'")
            }
            return nil
        case .ownData(let subject):
            guard officer.role == .citizen, officer.username == subject else { return .forbidden("a citizen reads only their own data") }
            guard purpose == .selfService else { return .forbidden("self-service reads need the purpose 'self-service'") }
            return nil
        case .administration:
            return nil
        case .eidAccount(let work, let area):
            return eidRefusal(officer, purpose, work, area)
        }
    }

    /// eID accounts are registered, raised and unlocked at the holder's request by the police of their
    /// area; a lock may also be placed under investigation.
    static func eidRefusal(_ officer: Officer, _ purpose: Purpose, _ work: EIDWork, _ area: Area) -> Refusal? {
        guard officer.role.handlesPersonalData else { return .forbidden("the role \(officer.role.rawValue) does not work on eID accounts") }
        guard purpose != .audit else { return .forbidden("the purpose 'audit' is for reading the access log") }
        switch work {
        case .read: break
        case .register, .raiseLevel, .unlock:
            guard purpose == .citizenRequest else { return .forbidden("eID counter work needs the purpose 'citizen-request'") }
        case .registerForeigner:
            guard purpose == .citizenRequest else { return .forbidden("eID counter work needs the purpose 'citizen-request'") }
            guard officer.role != .communeOfficer else { return .forbidden("foreigners' accounts are made by province and central police") }
        case .lock:
            guard [.citizenRequest, .lawEnforcement].contains(purpose) else {
                return .forbidden("locking an eID needs the purpose 'citizen-request' or 'law-enforcement'")
            }
        }
        guard officer.jurisdiction.covers(area) else { return .forbidden("outside the officer's jurisdiction (\(officer.jurisdiction))") }
        return nil
    }

    /// Card work is police work: any officer of the holder's area takes applications, hands cards over
    /// and records losses; approval and revocation belong to province and central officers, and chips
    /// are personalised centrally. Every change needs the purpose 'identity-card'.
    static func cardRefusal(_ officer: Officer, _ purpose: Purpose, _ work: CardWork, _ area: Area) -> Refusal? {
        guard officer.role.handlesPersonalData else {
            return .forbidden("the role \(officer.role.rawValue) does not work on identity cards")
        }
        guard purpose != .audit else { return .forbidden("the purpose 'audit' is for reading the access log") }
        if work != .read, purpose != .identityCard { return .forbidden("card-office work needs the purpose 'identity-card'") }
        switch work {
        case .approve, .revoke:
            guard officer.role != .communeOfficer else { return .forbidden("province and central officers approve and revoke cards") }
        case .produce:
            guard officer.role == .centralOfficer else { return .forbidden("chips are personalised by central officers") }
        case .read, .apply, .deliver, .report:
            break
        }
        guard officer.jurisdiction.covers(area) else { return .forbidden("outside the officer's jurisdiction (\(officer.jurisdiction))") }
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
                .invalid(field: Purpose.header, detail: "unknown purpose '\(given.prefix(60))'; use one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))")
            case .noPurpose:
                .invalid(field: Purpose.header, detail: "say why: one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", "))")
            case .forbidden(let why): .forbidden(why)
            }
        }
    }
}
