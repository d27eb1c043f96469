public import DanCuAccess
public import DanCuCore
import DanCuRegister
import Foundation

/// The services members read the register through. Each asks the gate for a grant made of the
/// subsystem's exchange grants (and, for non-government members, the citizen's consent), so a refusal
/// is logged by the gate like any other, and a read is logged in the member's name, with its purpose and
/// the legal document in words.
extension ExchangeGateway {
    /// Per-field match or no match and whether the person is alive; nothing else of the record.
    public func verify(_ question: VerifyQuestion, for caller: MemberCaller) async throws -> VerifyAnswer {
        let number = question.personalNumber
        let grant = try await allow(caller, service: .verify, fields: question.fields, subject: number, action: "x-verify")
        let person: Person?
        do { person = try await grant.laggingPerson(number).person } catch RegisterError.personNotFound { person = nil }
        try await grant.logRead()
        return Verification.answer(question, person: person)
    }

    /// The granted `fields` of a person's current record, as a JSON object with only those members.
    /// A number the register lacks is 404 for a member granted the nation, and refused as outside its
    /// province for a member granted one (so the answer tells nothing of people outside it).
    public func person(_ number: PersonalNumber, fields: [String], for caller: MemberCaller) async throws -> String {
        try Self.checkFields(fields, of: .personData)
        let grant = try await allow(caller, service: .personData, fields: fields, subject: number, action: "x-person-data")
        let record = try await grant.person(number)
        try await grant.logRead()
        return try Self.project(record.person, to: fields)
    }

    /// The record's JSON with only `fields`, in the register's (sorted) order of its members.
    public static func project(_ person: Person, to fields: [String]) throws -> String {
        guard let projected = RecordProjection.project(person, to: fields) else { throw ExchangeRefusal.unavailable }
        return projected
    }

    /// Refuses, naming the field, a request for no field or for one the service does not have.
    static func checkFields(_ fields: [String], of service: ExchangeService) throws {
        guard !fields.isEmpty else { throw ExchangeRefusal.badRequest(field: "fields", detail: "name the fields to read, comma-separated") }
        if let unknown = fields.first(where: { !service.fields.contains($0) }) {
            throw ExchangeRefusal.badRequest(
                field: "fields", detail: "'\(unknown.prefix(40))' is not a field of the record: one of \(service.fields.joined(separator: ", "))")
        }
    }

    /// The gate's grant for `caller` to use `service` for `fields` of `subject`, or its logged refusal.
    func allow(_ caller: MemberCaller, service: ExchangeService, fields: [String], subject: PersonalNumber, action: String) async throws -> AccessGrant {
        let judged = try await judge(caller, service: service, fields: fields, subject: subject)
        return try await gate.grant(judged.request, on: subject, need: judged.need, action: action, fields: fields)
    }

    /// What the gate is asked for `caller` using `service` for `fields`: the request in the member's
    /// name (its jurisdiction the grant's province, its legal basis the document in words) and the need,
    /// whose rules carry the exchange policy's verdict. `subject` is the person whose consent a member
    /// that is not a government body needs to read person data.
    func judge(_ caller: MemberCaller, service: ExchangeService, fields: [String], subject: PersonalNumber?) async throws -> Judged {
        let purpose = Purpose(rawValue: caller.purpose)
        var refusal: String?
        var granted: (grant: ExchangeGrant, document: LegalDocument)?
        if let purpose {
            let policy: GrantRegistry.Policy
            if let known = caller.policy { policy = known } else { policy = try await grants.policy(of: caller.subsystem) }
            let question = ExchangePolicy.Question(
                subsystem: caller.subsystem, service: service, fields: fields, purpose: purpose, legalBasis: caller.legalBasis, day: clock.today())
            switch ExchangePolicy.decide(question, grants: policy.grants, documents: policy.documents) {
            case .granted(let grant, let document): granted = (grant, document)
            case .refused(let why): refusal = why
            }
            if refusal == nil, service == .linkedRecords, !caller.kind.isGovernment {
                refusal =
                    "a member system that is not a government body reads linked records only with the citizen's consent, which covers register fields only so far"
            }
            if refusal == nil, service == .personData, !caller.kind.isGovernment {
                refusal = try await consents.refusal(
                    caller.consent, subject: subject?.rawValue ?? "", member: caller.subsystem.member, fields: fields, purpose: purpose)
            }
        }
        let officer = Officer(
            username: caller.actor, displayName: caller.name, role: .memberSystem,
            jurisdiction: granted?.grant.provinceCode.map { .province($0) } ?? .nation)
        let request = AccessRequest(
            officer: officer, purpose: purpose, requestId: caller.requestId,
            legalBasis: granted?.document.citation ?? String(caller.legalBasis.prefix(64)), unknownPurpose: caller.purpose)
        return Judged(request: request, refusal: refusal)
    }

    /// A member's request as the gate judges it.
    struct Judged {
        let request: AccessRequest
        /// The exchange policy's refusal; nil when granted.
        let refusal: String?

        /// The gate's rules for a person of `area`: a member system, granted, within the grant's province.
        func need(_ area: Area) -> AccessPolicy.Need {
            AccessPolicy.Need(asWhole.rules + [Within(area)])
        }

        /// The same before any person is known (a batch taken in): a member system, granted.
        var asWhole: AccessPolicy.Need {
            AccessPolicy.Need([RoleAmong([.memberSystem], else: "only member systems use the exchange"), Decided(refusal: refusal)])
        }
    }
}

/// The exchange policy's verdict as a rule of the gate's: the gate logs and answers its refusal.
struct Decided: AccessRule {
    let refusal: String?
    func refusal(of officer: Officer, for purpose: Purpose?) -> String? { refusal }
}
