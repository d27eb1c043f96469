import DanCuCore
@_spi(Gate) import DanCuRegister

extension Gate {
    /// What a refusal of a counter proof says: the same whether the number exists or the proof is wrong.
    public static let presenceMismatch =
        "the person at the counter does not match the register: check the personal number, full name and date of birth, or read their card's chip"
    public static let presenceNeeded =
        "this person does not live in your area: identify them at the counter with presence.fullName and presence.dateOfBirth as on their card, or presence.chip"

    /// The person `number` and whether the caller may read them, by the same rule as a read.
    func subject(_ number: PersonalNumber, for request: AccessRequest) async throws -> Subject {
        let current: VersionedPerson?
        do { current = try await register.person(number) } catch RegisterError.personNotFound { current = nil }
        let readable = current.map { AccessPolicy.refusal(request, .personalData(Area(of: $0.person, units: units))) == nil } ?? false
        return Subject(number: number, current: current, readable: readable)
    }

    /// Refuses a request about a number the register does not have. A caller who may read everyone
    /// learns that it does not exist (404); anyone else gets the refusal a person outside their area
    /// gets, so that no answer tells an unknown number from a person the caller may not see.
    func refuseUnknown(_ number: PersonalNumber, for request: AccessRequest, action: String, fields: [String]) async throws -> Never {
        // An empty area is outside every jurisdiction but the nation's: the refusal is the one an outsider gets.
        guard let refusal = AccessPolicy.refusal(request, .personalData(Area())) else { throw RegisterError.personNotFound(number) }
        try await deny(
            request, subject: number.rawValue, action: action, fields: fields, reason: "not in the register",
            error: refusal.error)
    }

    /// Where the person `number` belongs, for judging work on their cards or account; a number the
    /// register lacks is refused as `refuseUnknown` refuses it.
    func area(of number: PersonalNumber, for request: AccessRequest, action: String, fields: [String]) async throws -> Area {
        do { return Area(of: try await register.person(number).person, units: units) } catch RegisterError.personNotFound {
            try await refuseUnknown(number, for: request, action: action, fields: fields)
        }
    }

    /// Logs a denial and throws `error`.
    func deny(
        _ request: AccessRequest, subject: String?, action: String, fields: [String], reason: String,
        error: AccessError
    ) async throws -> Never {
        try await log.append([entry(request, subject: subject, action: action, fields: fields, decision: .denied, reason: reason)])
        throw error
    }

    /// Lets a write about a person the caller may not read go on only with proof that the person is at
    /// the counter. The refusal is the same whether the number exists or not.
    func requirePresence(
        _ presence: CounterPresence?, of subject: Subject, for request: AccessRequest, action: String,
        fields: [String], host: String? = nil
    ) async throws {
        guard !subject.readable else { return }
        let number = subject.number.rawValue
        guard let presence else {
            try await deny(
                request, subject: number, action: action, fields: fields, reason: "no proof of presence",
                error: .forbidden(Self.presenceNeeded))
        }
        guard let person = subject.current?.person else {
            try await deny(
                request, subject: number, action: action, fields: fields, reason: "not in the register",
                error: .forbidden(Self.presenceMismatch))
        }
        let matches: Bool
        switch presence {
        case .declared(let fullName, let dateOfBirth):
            matches = VietnameseName.fold(fullName) == person.name.folded && dateOfBirth == person.dateOfBirth
        case .chip(let chip):
            matches = try await chip.verifiedHolder()?.rawValue == number
        case .onlineApplication(let applicant):
            matches = applicant.rawValue == number || applicant.rawValue == host
        }
        guard matches else {
            try await deny(
                request, subject: number, action: action, fields: fields, reason: "proof of presence does not match",
                error: .forbidden(Self.presenceMismatch))
        }
    }
}
