import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

extension ServiceDesk {
    /// The citizen's own record, read through the gate for a public service (logged).
    /// `fields` name what the work touches besides: the attachments a submission stores, logged before
    /// they are.
    func ownRecord(for request: AccessRequest, action: String, procedure: Procedure, fields: [String] = ["record"]) async throws -> VersionedPerson {
        let applicant = request.officer.username
        let grant = try await gate.grant(request, .ownApplication(applicant), subject: applicant, action: action, fields: fields)
        guard let number = try? PersonalNumber(applicant) else { throw ServiceError.notAllowed("public services are for people of the register") }
        let own = try await grant.person(number)
        try await grant.logRead()
        return own
    }

    /// Refuses an applicant the procedure does not admit: too young, not alive, or a subject outside
    /// the procedure's ages.
    func checkEligibility(_ procedure: Procedure, applicant: Person, form: ApplicationForm, today: LocalDate) throws(ServiceError) {
        guard applicant.isAlive else { throw .notAllowed("the register does not record the applicant as living") }
        let age = applicant.dateOfBirth.age(on: today)
        guard age >= procedure.applicants.minimumAge else {
            throw .notAllowed("this procedure is for applicants of \(procedure.applicants.minimumAge) or older")
        }
        if procedure.applicants.subject == .newborn, let born = form.date("childBirthDate") {
            guard born <= today else { throw .invalidFields([RuleViolation(field: "fields.childBirthDate", rule: "past", detail: "is not in the future")]) }
            if let maximum = procedure.applicants.subjectMaximumAge, PartialDate(born).age(on: today) > maximum {
                throw .invalidFields([RuleViolation(field: "fields.childBirthDate", rule: "age", detail: "the child must be at most \(maximum) years old")])
            }
        }
        if procedure.applicants.subject == .couple, form.text("partner") == applicant.personalNumber.rawValue {
            throw .invalidFields([RuleViolation(field: "fields.partner", rule: "partner", detail: "is another person's number")])
        }
    }

    /// The person the application is about besides the applicant, when the form names one: the
    /// deceased, the partner, a guest whose stay is notified.
    func subjectNumber(_ procedure: Procedure, form: ApplicationForm) -> String? {
        switch procedure.applicants.subject {
        case .newborn: nil
        case .deceased: form.text("deceased")
        case .couple: form.text("partner")
        case .applicant:
            procedure.fields.first { $0.type == .personalNumber && $0.register == nil }.flatMap { form.text($0.name) }
        }
    }

    /// The ward whose offices handle the application. A subject's residence is read through the gate
    /// for routing only; when the register cannot give it (or has no such person), the application goes
    /// to the applicant's ward, and the answer is the same either way, so it tells nothing of the subject.
    func ward(for procedure: Procedure, applicant: Person, subject: String?, form: ApplicationForm, request: AccessRequest) async throws -> String {
        let own = residenceWard(of: applicant)
        switch procedure.jurisdiction {
        case .applicantResidence:
            guard let own else { throw ServiceError.notAllowed("the register records no residence for you; a police office of your area can help") }
            return own
        case .field(let name):
            guard let ward = form.place(name)?.wardCode else { throw ServiceError.invalid(field: "fields." + name, detail: "is required") }
            return ward
        case .subjectResidence:
            var ward: String?
            if let subject, let number = try? PersonalNumber(subject) {
                let grant = try await gate.grant(
                    request, .ownApplication(request.officer.username), subjects: [subject], action: "service-route", fields: ["residenceWard"])
                ward = (try? await grant.person(number)).flatMap { residenceWard(of: $0.person) }
                try await grant.logRead()
            }
            guard let chosen = ward ?? own else {
                throw ServiceError.notAllowed("the register records no residence for you; a police office of your area can help")
            }
            return chosen
        }
    }

    /// The current ward of a person's permanent residence, else temporary, else current (a ward of the
    /// list before the 2025 reform counts as the ward it became).
    func residenceWard(of person: Person) -> String? {
        let places = [person.permanentResidence?.place, person.temporaryResidence?.place, person.currentResidence].compactMap { $0 }
        return places.lazy.compactMap { Area(of: $0, units: self.units).wards.min() }.first
    }

    /// The register's fields of the form. The applicant sees their own record, and of others only what
    /// their own record names (their spouse's name and number); officers see the subject's too.
    func shown(_ procedure: Procedure, applicant: VersionedPerson?, subject: VersionedPerson?, subjectVisible: Bool) -> [ApplicationView.ShownField] {
        procedure.fields.compactMap { field in
            guard let path = field.register else { return nil }
            let value: String?
            switch path.person {
            case .applicant: value = applicant.flatMap { Self.value(path.field, of: $0.person, units: units) }
            case .spouse: value = applicant?.person.spouse.flatMap { Self.value(path.field, of: $0) }
            case .subject: value = subjectVisible ? subject.flatMap { Self.value(path.field, of: $0.person, units: units) } : nil
            }
            return ApplicationView.ShownField(name: field.name, label: field.label, value: value)
        }
    }

    static func value(_ field: RegisterPath.Field, of person: Person, units: AdministrativeUnits) -> String? {
        switch field {
        case .personalNumber: person.personalNumber.rawValue
        case .fullName: person.name.fullName
        case .dateOfBirth: person.dateOfBirth.description
        case .sex: person.sex.rawValue
        case .ethnicity: person.ethnicity
        case .nationality: person.nationality
        case .placeOfOrigin: person.placeOfOrigin.map { describe($0, units: units) }
        case .permanentResidence: person.permanentResidence.map { describe($0.place, units: units) }
        case .temporaryResidence: person.temporaryResidence.map { describe($0.place, units: units) }
        case .currentResidence: person.currentResidence.map { describe($0, units: units) }
        case .maritalStatus: person.maritalStatus.rawValue
        case .legacyIdNumber: person.legacyIdNumber
        case .household: person.householdId
        }
    }

    static func value(_ field: RegisterPath.Field, of reference: PersonReference) -> String? {
        switch field {
        case .fullName: reference.name.fullName
        case .personalNumber: reference.personalNumber?.rawValue
        default: nil
        }
    }

    /// A place as a person reads it: the detail, then the ward and province by their current names.
    static func describe(_ place: Place, units: AdministrativeUnits) -> String {
        let ward = place.wardCode.flatMap { units.ward($0) }
        let province = (ward?.provinceCode ?? place.provinceCode).flatMap { units.province($0) }
        return [place.detail, ward?.name, province?.name].compactMap { $0 }.joined(separator: ", ")
    }

    func view(_ application: ApplicationCase, form: ApplicationForm, procedure: Procedure, applicant: VersionedPerson, forApplicant: Bool)
        async throws -> ApplicationView
    {
        let (events, attachments) = try await historyAndFiles(of: application.code)
        return makeView(
            application, form: form, procedure: procedure, shown: shown(procedure, applicant: applicant, subject: nil, subjectVisible: !forApplicant),
            events: events, attachments: attachments, sealing: forApplicant)
    }

    /// An application's events and its files (without their content), read in one snapshot.
    func historyAndFiles(of code: String) async throws -> (events: [ApplicationEvent], attachments: [KeptAttachment]) {
        try await store.read { db in (try ApplicationTable.events(of: code, in: db), try AttachmentTable.list(of: code, in: db)) }
    }

    /// `sealing`: whether issued documents are sealed, for their holder's view; officers read the
    /// step's result line and need no signature.
    func makeView(
        _ application: ApplicationCase, form: ApplicationForm, procedure: Procedure, shown: [ApplicationView.ShownField], events: [ApplicationEvent],
        attachments: [KeptAttachment], sealing: Bool
    ) -> ApplicationView {
        let today = clock.today()
        return ApplicationView(
            application: application, procedure: procedure, form: form, shown: shown, events: events, attachments: attachments,
            late: application.isLate(today: today),
            lateSteps: application.steps.filter { $0.isLate(today: today) }.map(\.id),
            results: procedure.results.map { result in
                let step = application.step(result.step)
                let issued = step?.status == .approved
                return ApplicationView.IssuedResult(
                    kind: result.kind, name: result.name, step: result.step, issued: issued, value: issued ? step?.note : nil,
                    document: sealing && issued && result.kind == .document
                        ? step.flatMap { sealed(result, of: application, procedure: procedure, step: $0) } : nil)
            })
    }

    /// The body in whose name a desk issues a document, before the ward's name.
    static func issuer(of desk: Procedure.Desk, procedure: Procedure) -> String {
        switch desk {
        case .civilStatus: "Ủy ban nhân dân"
        case .communePolice: "Công an"
        case .cardOffice, .memberSystem: procedure.responsibleBody.vi + ","
        }
    }

    /// The document `result` of an approved step, sealed. Its facts are the step's as stored, so the
    /// document is the same whenever it is shown; only the signature differs.
    func sealed(_ result: Procedure.Result, of application: ApplicationCase, procedure: Procedure, step: ApplicationCase.StepProgress) -> SealedDocument? {
        guard let seal, let decidedOn = step.decidedOn else { return nil }
        let ward = units.ward(application.wardCode)
        let place = [ward?.name, ward.flatMap { units.province($0.provinceCode)?.name }].compactMap { $0 }.joined(separator: ", ")
        let document = ResultDocument(
            id: application.code + "/" + step.id, procedure: procedure.code, title: result.name.vi, holder: application.subject ?? application.applicant,
            issuer: Self.issuer(of: step.desk, procedure: procedure) + (place.isEmpty ? "" : " " + place), issuedOn: decidedOn.description,
            statements: step.note.map { [$0] } ?? [])
        guard let json = try? document.json(), let jws = try? seal.seal(json) else { return nil }
        return SealedDocument(document: document, jws: jws)
    }
}
