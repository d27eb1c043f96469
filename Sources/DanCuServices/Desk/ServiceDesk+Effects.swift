import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore

/// What an approved step does to the register: the same use cases, through the same gate, as an
/// officer's API call, with the step's approval written in their transaction (`StepFollower`). The
/// approving officer is the actor; the application, made online with eID, stands for the applicant's
/// presence at the counter.
extension ServiceDesk {
    /// Carries out `step`'s action and stores `change` with it; answers the application as stored. Nil
    /// for actions with no register change here (a member system's decision), which the caller stores
    /// on its own.
    func carryOut(
        _ step: Procedure.Step, change: Workflow.Change, stored: ApplicationTable.Stored, procedure: Procedure, grant: AccessGrant,
        request: AccessRequest
    ) async throws -> ApplicationCase? {
        let application = stored.application
        let form = ApplicationForm.decoded(stored.form, for: procedure, units: units)
        let follower = StepFollower(change: change, previous: application, subjectIsCreated: step.action == .registerBirth)
        let today = clock.today()
        let applicant = try PersonalNumber(application.applicant)
        let presence = CounterPresence.onlineApplication(applicant: applicant)
        let here = Place(provinceCode: units.ward(application.wardCode)?.provinceCode, wardCode: application.wardCode)
        switch step.action {
        case .registerBirth:
            // No Idempotency-Key: the step's version check makes the birth once, as a retry finds the step decided.
            let parent = try await grant.person(applicant).person
            let born = try await gate.registerBirth(try birth(form, parent: parent, registeredAt: here), idempotency: nil, for: request, alongside: follower)
            return StepFollower.born(change, child: born.value.person.personalNumber.rawValue).application
        case .registerPermanentResidence:
            if let child = application.subject.flatMap({ try? PersonalNumber($0) }), procedure.applicants.subject == .newborn {
                // The child's residence is the applying parent's, in the parent's household.
                let parent = try await grant.person(applicant).person
                guard let home = parent.permanentResidence?.place else {
                    throw ServiceError.wrongState("the register records no permanent residence for the parent; ask for a supplement")
                }
                let version = try await grant.person(child).version
                let noted = change.noting(Self.describe(home, units: units), onApprovalOf: step.id)
                _ = try await gate.registerPermanentResidence(
                    child, residence: Residence(place: home, since: today), household: parent.householdId.map { ($0, .child) },
                    expectedVersion: version, presence: presence, request: request,
                    alongside: StepFollower(change: noted, previous: application, subjectIsCreated: false))
                return noted.application
            } else {
                guard let place = form.place("newAddress") else { throw ServiceError.invalid(field: "fields.newAddress", detail: "is required") }
                let household = try form.text("householdId").map { id -> (id: String, relationship: RelationshipToHead) in
                    guard let relationship = form.text("relationshipToHead").flatMap(RelationshipToHead.init(rawValue:)) else {
                        throw ServiceError.invalid(field: "fields.relationshipToHead", detail: "say how the applicant stands to the household's head")
                    }
                    return (id, relationship)
                }
                let noted = change.noting(Self.describe(place, units: units), onApprovalOf: step.id)
                _ = try await gate.registerPermanentResidence(
                    applicant, residence: Residence(place: place, since: today), household: household,
                    expectedVersion: try await readableVersion(applicant, grant: grant), presence: presence, request: request,
                    alongside: StepFollower(change: noted, previous: application, subjectIsCreated: false))
                return noted.application
            }
        case .registerTemporaryResidence:
            guard let place = form.place("stayAddress"), let until = form.date("until") else {
                throw ServiceError.invalid(field: "fields.stayAddress", detail: "is required")
            }
            _ = try await gate.record(
                .temporaryResidenceRegistered(Residence(place: place, since: today, until: until)), for: applicant, validFrom: today, reason: nil,
                expectedVersion: try await readableVersion(applicant, grant: grant), presence: presence, request: request, alongside: follower)
        case .declareTemporaryAbsence:
            guard let from = form.date("from"), let until = form.date("until") else { throw ServiceError.invalid(field: "fields.from", detail: "is required") }
            _ = try await gate.record(
                .temporaryAbsenceDeclared(
                    TemporaryAbsence(from: from, until: until, destination: form.place("destination"), reason: form.text("reason") ?? "")),
                for: applicant, validFrom: from, reason: nil, expectedVersion: try await readableVersion(applicant, grant: grant), request: request,
                alongside: follower)
        case .notifyStay:
            guard let guest = form.text("guest").flatMap({ try? PersonalNumber($0) }), let place = form.place("stayAddress"),
                let arrival = form.date("arrival"), let departure = form.date("departure")
            else { throw ServiceError.invalid(field: "fields.guest", detail: "is required") }
            _ = try await gate.record(
                .stayNotified(StayNotice(place: place, from: arrival, until: departure, host: applicant.rawValue)), for: guest, validFrom: arrival,
                reason: nil, expectedVersion: try await readableVersion(guest, grant: grant), presence: presence, request: request, alongside: follower)
        case .registerDeath:
            guard let deceased = application.subject.flatMap({ try? PersonalNumber($0) }), let died = form.date("dateOfDeath") else {
                throw ServiceError.invalid(field: "fields.deceased", detail: "is required")
            }
            _ = try await gate.record(
                .deathRecorded(date: PartialDate(died)), for: deceased, validFrom: died, reason: nil,
                expectedVersion: try await readableVersion(deceased, grant: grant), request: request, alongside: follower)
        case .registerMarriage:
            guard let partner = application.subject.flatMap({ try? PersonalNumber($0) }) else {
                throw ServiceError.invalid(field: "fields.partner", detail: "is required")
            }
            let other = try await grant.person(partner).person
            _ = try await gate.record(
                .marriageRegistered(spouse: PersonReference(name: other.name, personalNumber: partner, nationality: other.nationality)), for: applicant,
                validFrom: today, reason: nil, expectedVersion: try await readableVersion(applicant, grant: grant), request: request, alongside: follower)
        case .removePermanentResidence:
            guard let person = application.subject.flatMap({ try? PersonalNumber($0) }) else {
                throw ServiceError.invalid(field: "fields.deceased", detail: "is required")
            }
            let ground =
                procedure.applicants.subject == .deceased ? "Người đăng ký thường trú đã chết (hồ sơ \(application.code))" : "Hồ sơ \(application.code)"
            _ = try await gate.record(
                .permanentResidenceRemoved(reason: ground), for: person, validFrom: today, reason: nil,
                expectedVersion: try await readableVersion(person, grant: grant), request: request, alongside: follower)
        case .confirmLegacyNumber:
            // The confirmation states what the register holds; with no old number recorded there is
            // nothing to confirm, and the officer refuses or asks for a supplement instead.
            let person = try await grant.person(applicant).person
            guard let legacy = person.legacyIdNumber else {
                throw ServiceError.wrongState("the register records no old identity-card number for the applicant; refuse or ask for a supplement")
            }
            let noted = change.noting(
                "Số Chứng minh nhân dân \(legacy) đã cấp cho công dân \(person.name.fullName), sinh ngày \(person.dateOfBirth), "
                    + "nay có số định danh cá nhân \(person.personalNumber.rawValue)",
                onApprovalOf: step.id)
            try await store.write { db in try ApplicationTable.update(noted, from: application, in: db) }
            return noted.application
        case .reissueCard:
            return try await takeCardApplication(form: form, change: change, step: step, application: application, request: request)
        case .memberDecision:
            return nil
        }
        return change.application
    }

    /// The record's version, which a change to a record the officer may read must name (If-Match).
    func readableVersion(_ number: PersonalNumber, grant: AccessGrant) async throws -> Int? {
        guard grant.covers(number.rawValue) else { return nil }
        return try? await grant.person(number).version
    }

    /// The birth as the civil-status officer enters it: the child from the form, the applying parent
    /// and their spouse from the register, registered in the application's ward.
    func birth(_ form: ApplicationForm, parent: Person, registeredAt here: Place) throws -> BirthRegistration {
        guard let name = form.text("childName"), let sexText = form.text("childSex"), let sex = Sex(rawValue: sexText), let born = form.date("childBirthDate")
        else { throw ServiceError.invalid(field: "fields.childName", detail: "the form lacks the child's name, sex or date of birth") }
        let applying = PersonReference(name: parent.name, personalNumber: parent.personalNumber, nationality: parent.nationality)
        let isFather = form.text("parentRole") == "father"
        return BirthRegistration(
            name: try VietnameseName(name), sex: sex, dateOfBirth: born,
            placeOfBirth: Place(provinceCode: here.provinceCode, wardCode: here.wardCode, detail: form.text("placeOfBirth")),
            birthRegistrationPlace: here, ethnicity: form.text("childEthnicity") ?? "01",
            father: isFather ? applying : parent.spouse, mother: isFather ? parent.spouse : applying)
    }
}
