import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

@testable import DanCuServices

/// Procedures that end in the register: an approved step changes the register through the same use
/// case and gate as the officers' API, in the transaction that records the approval.
@Suite struct ServiceEffectsTests {
    typealias Desk = ServiceDeskTests

    static func police(_ ward: String) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: "ca.\(ward)", displayName: "Công an", role: .communeOfficer, jurisdiction: .ward(ward)), purpose: .publicService,
            requestId: "p-\(ward)")
    }

    /// The register's record, read as a central officer would.
    static func record(_ f: GateFixture, _ key: String) async throws -> Person {
        try await f.gate.person(try f.number(key), for: try f.request("central", .residenceManagement)).person
    }

    @Test(arguments: Backend.all) func birthRegistrationGivesTheChildANumberAndParents(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let n = f.people
            // a1 and a2 are married, so the other parent is known to the register.
            _ = try await f.gate.record(
                .marriageRegistered(spouse: PersonReference(name: try VietnameseName("Trần Thị Bích"), personalNumber: try f.number("a2"))),
                for: try f.number("a1"), validFrom: try LocalDate(iso: "2010-05-01"), reason: nil, expectedVersion: 1,
                request: try f.request("communeA", .civilStatus))
            let parent = try Desk.citizen(f, "a1")
            let prefill = try await desk.prefill("birth-registration", for: parent)
            #expect(prefill.shown.first { $0.name == "otherParentName" }?.value == "Trần Thị Bích")
            let code = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: Desk.papers("birth-registration"), eidLevel: 2, idempotencyKey: nil, for: parent
            ).value.application.code
            let before = try await f.count("persons")
            let done = try await desk.decide(.approve, step: "birth", of: code, for: Desk.civilStatus(ward: GateFixture.wardA))
            #expect(done.status == .resultIssued)
            let child = try PersonalNumber(try #require(done.subject))
            #expect(try await f.count("persons") == before + 1)
            let record = try await f.gate.person(child, for: try f.request("central", .civilStatus)).person
            #expect(record.name.fullName == "Nguyễn Minh Khôi" && record.father?.personalNumber == n["a1"])
            #expect(record.mother?.personalNumber == n["a2"] && record.birthRegistrationPlace?.wardCode == GateFixture.wardA)
            // The register wrote its own entry for the birth, in the officer's name.
            let log = try await f.accessLog()
            #expect(log.contains { $0.action == "register-birth" && $0.actor == "tp.\(GateFixture.wardA)" && $0.purpose == "public-service" })
            // The parent sees the child's number in the application.
            #expect(try await desk.application(code, for: parent).application.subject == child.rawValue)
        }
    }

    @Test(arguments: Backend.all) func theInterlinkedBirthRegistersTheChildInTheParentsHousehold(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let n = f.people
            let household = try await f.gate.createHousehold(
                head: try f.number("a1"), address: GateFixture.place(GateFixture.wardA), validFrom: try LocalDate(iso: "2015-01-01"), idempotency: nil,
                for: try f.request("communeA")
            ).value
            let parent = try Desk.citizen(f, "a1")
            let code = try await desk.submit(
                "birth-residence-health-insurance", form: Desk.birth, attachments: Desk.papers("birth-residence-health-insurance"), eidLevel: 2,
                idempotencyKey: nil, for: parent
            )
            .value.application.code
            // The police step waits for the birth.
            #expect(try await desk.queue(for: Self.police(GateFixture.wardA)).isEmpty)
            let born = try await desk.decide(.approve, step: "birth", of: code, for: Desk.civilStatus(ward: GateFixture.wardA))
            #expect(born.status == .inProgress && born.step("residence")?.status == .open && born.step("health-insurance")?.status == .open)
            #expect(try await desk.queue(for: Self.police(GateFixture.wardA)).map(\.step) == ["residence"])
            let resident = try await desk.decide(.approve, step: "residence", of: code, for: Self.police(GateFixture.wardA))
            #expect(resident.status == .inProgress && resident.step("health-insurance")?.status == .open)
            let child = try PersonalNumber(try #require(resident.subject))
            let record = try await f.gate.person(child, for: try f.request("central", .residenceManagement)).person
            #expect(record.householdId == household.id && record.relationshipToHead == .child)
            #expect(record.permanentResidence?.place.wardCode == GateFixture.wardA)
            let members = try await f.gate.household(household.id, for: try f.request("central", .residenceManagement)).members
            #expect(members.map(\.personalNumber).contains(child))
        }
    }

    @Test(arguments: Backend.all) func deathMarriageResidenceAbsenceAndStayEndInTheRegister(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let n = f.people
            // 15: a1 reports the death of b1; the application goes to b1's ward, where it is approved.
            let death = try await desk.submit(
                "death-registration",
                form: ["deceased": try f.number("b1").rawValue, "dateOfDeath": "2026-12-01", "placeOfDeath": "Bệnh viện Bạch Mai", "relationship": "sibling"],
                attachments: Desk.papers("death-registration"), eidLevel: 2, idempotencyKey: nil, for: try Desk.citizen(f, "a1")
            ).value.application
            #expect(death.wardCode == GateFixture.wardB && death.subject == n["b1"]?.rawValue)
            await #expect(throws: AccessError.self) {
                try await desk.decide(.approve, step: "death", of: death.code, for: Desk.civilStatus(ward: GateFixture.wardA))
            }
            _ = try await desk.decide(.approve, step: "death", of: death.code, for: Desk.civilStatus(ward: GateFixture.wardB))
            #expect(try await Self.record(f, "b1").vitalStatus != .alive)

            // 16: a1 and a2 marry.
            let marriage = try await desk.submit(
                "marriage-registration", form: ["partner": try f.number("a2").rawValue], attachments: Desk.papers("marriage-registration"), eidLevel: 2,
                idempotencyKey: nil, for: try Desk.citizen(f, "a1")
            ).value.application
            let file = try await desk.caseFile(marriage.code, for: Desk.civilStatus(ward: GateFixture.wardA))
            #expect(file.shown.first { $0.name == "partnerName" }?.value == "Trần Thị Bích")
            _ = try await desk.decide(.approve, step: "marriage", of: marriage.code, for: Desk.civilStatus(ward: GateFixture.wardA))
            #expect(try await Self.record(f, "a1").spouse?.personalNumber == n["a2"])
            #expect(try await Self.record(f, "a2").spouse?.personalNumber == n["a1"])

            // 4: c1, of Hồ Chí Minh City, registers a temporary residence in ward A of Hà Nội.
            let stay = try await desk.submit(
                "temporary-residence",
                form: ["stayAddress": ["wardCode": GateFixture.wardA, "detail": "Số 9 Đội Cấn"], "until": "2027-12-01", "reason": "Học tập"],
                attachments: Desk.papers("temporary-residence"), eidLevel: 2, idempotencyKey: nil, for: try Desk.citizen(f, "c1")
            ).value.application
            #expect(stay.wardCode == GateFixture.wardA)
            _ = try await desk.decide(.approve, step: "registration", of: stay.code, for: Self.police(GateFixture.wardA))
            #expect(try await Self.record(f, "c1").temporaryResidence?.place.wardCode == GateFixture.wardA)

            // 5: a2 declares an absence; 6: a1 notifies c1's stay.
            let absence = try await desk.submit(
                "temporary-absence",
                form: ["destination": ["wardCode": GateFixture.wardC], "from": "2026-12-10", "until": "2027-01-10", "reason": "Công tác"],
                attachments: Desk.papers("temporary-absence"), eidLevel: 2, idempotencyKey: nil, for: try Desk.citizen(f, "a2")
            ).value.application
            _ = try await desk.decide(.approve, step: "declaration", of: absence.code, for: Self.police(GateFixture.wardA))
            #expect(try await Self.record(f, "a2").temporaryAbsence?.reason == "Công tác")
            let notice = try await desk.submit(
                "stay-notice",
                form: [
                    "guest": try f.number("c1").rawValue, "stayAddress": ["wardCode": GateFixture.wardA, "detail": "Số 1"], "arrival": "2026-12-03",
                    "departure": "2026-12-06",
                ],
                attachments: Desk.papers("stay-notice"), eidLevel: 1, idempotencyKey: nil, for: try Desk.citizen(f, "a1")
            ).value.application
            _ = try await desk.decide(.approve, step: "notice", of: notice.code, for: Self.police(GateFixture.wardA))
            let c1 = try f.number("c1").rawValue
            let stays = try await f.register.store.read { db in
                try db.query("SELECT officer, payload FROM life_events WHERE personal_number = ? AND kind = 'stayNotified'", [.text(c1)])
            }
            #expect(stays.count == 1 && stays.first?["officer"].string == "ca.\(GateFixture.wardA)")
            #expect(stays.first?["payload"].string?.contains(n["a1"]?.rawValue ?? "-") == true)
        }
    }

    @Test(arguments: Backend.all) func aStepTheRegisterRefusesLeavesTheApplicationAsItWas(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let n = f.people
            // a1 reports the death of b1, who then turns out to be recorded dead already: the register
            // refuses the change, and the step stays open, unchanged, with no event.
            let death = try await desk.submit(
                "death-registration",
                form: ["deceased": try f.number("b1").rawValue, "dateOfDeath": "2026-12-01", "placeOfDeath": "Nhà riêng", "relationship": "sibling"],
                attachments: Desk.papers("death-registration"), eidLevel: 2, idempotencyKey: nil, for: try Desk.citizen(f, "a1")
            ).value.application
            _ = try await f.gate.record(
                .deathRecorded(date: try PartialDate(iso: "2026-11-30")), for: try f.number("b1"), validFrom: try LocalDate(iso: "2026-11-30"), reason: nil,
                expectedVersion: 1, request: try f.request("communeB", .civilStatus))
            let events = try await f.count("service_application_events")
            await #expect(throws: (any Error).self) {
                try await desk.decide(.approve, step: "death", of: death.code, for: Desk.civilStatus(ward: GateFixture.wardB))
            }
            #expect(try await f.count("service_application_events") == events)
            let file = try await desk.caseFile(death.code, for: Desk.civilStatus(ward: GateFixture.wardB))
            #expect(file.application.step("death")?.status == .open && file.application.version == death.version)
        }
    }

    @Test(arguments: Backend.all) func aRegisterChangeAndItsStepCommitTogetherOrNotAtAll(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let parent = try Desk.citizen(f, "a1")
            let code = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: Desk.papers("birth-registration"), eidLevel: 2, idempotencyKey: nil, for: parent
            ).value.application.code
            let stored = try await desk.load(code)
            let officer = Desk.civilStatus(ward: GateFixture.wardA)
            let approval = try desk.workflow(try desk.procedure("birth-registration")).decide(
                .approve, step: "birth", of: stored.application, by: officer.officer.username, at: 1, on: try LocalDate(iso: "2026-12-03"))
            // Someone else changed the application meanwhile: its stored version is ahead of the one read.
            var stale = stored.application
            stale.version -= 1
            let before = try await f.count("persons")
            let birth = try desk.birth(
                ApplicationForm.decoded(stored.form, for: try desk.procedure("birth-registration"), units: f.register.reference.units),
                parent: try await Self.record(f, "a1"), registeredAt: GateFixture.place(GateFixture.wardA))
            await #expect(throws: ServiceError.wrongState("the application changed meanwhile; read it again")) {
                try await f.gate.registerBirth(
                    birth, idempotency: nil, for: officer, alongside: StepFollower(change: approval, previous: stale, subjectIsCreated: true))
            }
            // The birth was rolled back with the step: no child, no number used, the step still open.
            #expect(try await f.count("persons") == before)
            #expect(try await desk.load(code).application.step("birth")?.status == .open)
            // With the version as stored, both commit.
            _ = try await f.gate.registerBirth(
                birth, idempotency: nil, for: officer, alongside: StepFollower(change: approval, previous: stored.application, subjectIsCreated: true))
            #expect(try await f.count("persons") == before + 1)
            #expect(try await desk.load(code).application.subject != nil)
        }
    }

    @Test(arguments: Backend.all) func theInterlinkedDeathRemovesTheResidenceAndWaitsForTheAllowance(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let n = f.people
            let application = try await desk.submit(
                "death-residence-funeral-allowance",
                form: ["deceased": n["b1"]?.rawValue ?? "", "dateOfDeath": "2026-12-01", "placeOfDeath": "Nhà riêng", "relationship": "sibling"],
                attachments: Desk.papers("death-residence-funeral-allowance"), eidLevel: 2, idempotencyKey: nil, for: try Desk.citizen(f, "a1")
            ).value.application
            #expect(application.wardCode == GateFixture.wardB && application.steps.map(\.status) == [.open, .waiting, .waiting])
            let died = try await desk.decide(.approve, step: "death", of: application.code, for: Desk.civilStatus(ward: GateFixture.wardB))
            #expect(died.step("residence-removal")?.status == .open && died.step("funeral-allowance")?.status == .open)
            #expect(try await desk.queue(for: Self.police(GateFixture.wardB)).map(\.step) == ["residence-removal"])
            let removed = try await desk.decide(.approve, step: "residence-removal", of: application.code, for: Self.police(GateFixture.wardB))
            #expect(removed.status == .inProgress && removed.step("funeral-allowance")?.status == .open)
            let b1 = try await Self.record(f, "b1")
            #expect(b1.vitalStatus != .alive && b1.permanentResidence == nil)
            let kinds = try await f.register.store.read { db in
                try db.query("SELECT kind FROM life_events WHERE personal_number = ? ORDER BY seq", [.text(n["b1"]?.rawValue ?? "")]).map {
                    try $0.string("kind")
                }
            }
            #expect(kinds.suffix(2) == ["deathRecorded", "permanentResidenceRemoved"])
        }
    }
}
