import Crypto
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

@testable import DanCuServices

/// The desk on a real register behind the gate, on both backends: citizens submit and follow their
/// own applications; officers work their desks' queues in their jurisdiction.
@Suite struct ServiceDeskTests {
    /// The fixture's register with a services desk, whose clock stands at 10:00 on Thursday 3 December 2026 in Hà Nội.
    static func with(_ backend: Backend, _ body: (GateFixture, ServiceDesk) async throws -> Void) async throws {
        try await GateFixture.with(backend) { f in
            try await withFiles(backend, f) { files in
                let desk = try desk(f, files: files)
                try await desk.prepare()
                try await body(f, desk)
            }
        }
    }

    static let vault = DataVault(masterKey: SymmetricKey(size: .bits256), purpose: "service attachments")

    /// A desk over the fixture's register, keeping its files in `files`; not yet prepared.
    static func desk(_ f: GateFixture, files: any Store) throws -> ServiceDesk {
        ServiceDesk(
            store: f.register.store, gate: f.gate, catalogue: try ProcedureCatalogue.load(), calendar: try WorkingCalendar.bundled(),
            units: f.register.reference.units
        ).keepingAttachments(in: vault, files: files)
    }

    /// The attachments' store: on SQLite a store of its own, as `dancu serve` keeps them; on PostgreSQL
    /// the same database.
    static func withFiles(_ backend: Backend, _ f: GateFixture, _ body: (any Store) async throws -> Void) async throws {
        if backend == .sqlite { try await Backend.sqlite.withStore(body) } else { try await body(f.register.store) }
    }

    static func citizen(_ f: GateFixture, _ key: String, purpose: Purpose? = .publicService) throws -> AccessRequest {
        let number = try f.number(key).rawValue
        return AccessRequest(
            officer: Officer(username: number, displayName: key, role: .citizen, jurisdiction: .nation), purpose: purpose, requestId: "c-\(key)")
    }

    static func civilStatus(ward: String) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: "tp.\(ward)", displayName: "Tư pháp", role: .civilStatusOfficer, jurisdiction: .ward(ward)),
            purpose: .publicService, requestId: "o-\(ward)")
    }

    /// A one-page PDF, as a scanned paper would be sent.
    static let pdf = Array(
        """
        %PDF-1.4
        1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj
        2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj
        3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj
        trailer <</Root 1 0 R>>
        %%EOF

        """.utf8)
    static let catalogue = try? ProcedureCatalogue.load()

    /// The papers procedure `code` requires, each a PDF.
    static func papers(_ code: String) -> [AttachmentUpload] {
        catalogue?.procedure(code)?.attachments.filter(\.required).map { AttachmentUpload(code: $0.code, content: pdf, fileName: $0.code + ".pdf") } ?? []
    }

    static let birth: [String: any Sendable] = [
        "childName": "Nguyễn Minh Khôi", "childSex": "male", "childBirthDate": "2026-11-30", "placeOfBirth": "Bệnh viện Phụ sản Hà Nội",
        "childEthnicity": "01", "parentRole": "father",
    ]

    @Test(arguments: Backend.all) func aParentSubmitsABirthAndTheCivilStatusOfficerOfTheWardApprovesIt(backend: Backend) async throws {
        try await Self.with(backend) { f, desk in
            let parent = try Self.citizen(f, "a1")
            let prefill = try await desk.prefill("birth-registration", for: parent)
            #expect(prefill.shown.first { $0.name == "parentName" }?.value == "Nguyễn Văn An")
            #expect(prefill.shown.first { $0.name == "parentNumber" }?.value == (try f.number("a1").rawValue))

            let created = try await desk.submit(
                "birth-registration", form: Self.birth, attachments: Self.papers("birth-registration"), eidLevel: 2, idempotencyKey: "k1", for: parent)
            let code = created.value.application.code
            #expect(!created.replayed && ApplicationCode.isWellFormed(code) && code.hasPrefix("G14-"))
            #expect(created.value.application.status == .received && created.value.application.wardCode == GateFixture.wardA)
            #expect(created.value.form.text("childName") == "Nguyễn Minh Khôi")
            #expect(created.value.events.map(\.kind) == [.submitted, .received, .stepOpened])

            // In the queue of the civil-status desk of ward A, not of ward B's, and not of the police.
            let queue = try await desk.queue(for: Self.civilStatus(ward: GateFixture.wardA))
            #expect(queue.map(\.code) == [code] && queue.first?.step == "birth" && queue.first?.desk == .civilStatus)
            #expect(try await desk.queue(for: Self.civilStatus(ward: GateFixture.wardB)).isEmpty)
            #expect(try await desk.queue(for: try f.request("communeA", .publicService)).isEmpty)

            // The officer's case file shows the applicant's register data, read through the gate.
            let file = try await desk.caseFile(code, for: Self.civilStatus(ward: GateFixture.wardA))
            #expect(file.shown.first { $0.name == "parentName" }?.value == "Nguyễn Văn An")
            let done = try await desk.decide(.approve, step: "birth", of: code, for: Self.civilStatus(ward: GateFixture.wardA))
            #expect(done.status == .resultIssued && done.step("birth")?.decidedBy == "tp.\(GateFixture.wardA)")
            let seen = try await desk.application(code, for: parent)
            #expect(seen.application.status == .resultIssued && seen.events.last?.kind == .resultIssued && !seen.late)
            #expect(try await desk.queue(for: Self.civilStatus(ward: GateFixture.wardA)).isEmpty)

            // Every read of the applicant's data is in the access log, with the purpose 'public-service'.
            let log = try await f.accessLog().filter { $0.subject == (try? f.number("a1").rawValue) && $0.action.hasPrefix("service-") }
            #expect(Set(log.map(\.action)).isSuperset(of: ["service-prefill", "service-submit", "service-case-read", "service-approve", "service-read"]))
            #expect(log.allSatisfy { $0.purpose == "public-service" && $0.decision == "allowed" })
        }
    }

    @Test(arguments: Backend.all) func noOneElseSeesOrActsOnAnApplication(backend: Backend) async throws {
        try await Self.with(backend) { f, desk in
            let code = try await desk.submit(
                "birth-registration", form: Self.birth, attachments: Self.papers("birth-registration"), eidLevel: 2, idempotencyKey: nil,
                for: try Self.citizen(f, "a1")
            )
            .value.application.code
            // Another citizen: the same answer as for a code that does not exist.
            await #expect(throws: ServiceError.unknownApplication) { try await desk.application(code, for: try Self.citizen(f, "b1")) }
            await #expect(throws: ServiceError.unknownApplication) { try await desk.application("G14-261203-ZZZZZZ", for: try Self.citizen(f, "b1")) }
            await #expect(throws: ServiceError.unknownApplication) {
                try await desk.answerSupplement(code, note: "x", form: nil, for: try Self.citizen(f, "b1"))
            }
            #expect(try await desk.applications(before: nil, limit: 10, for: try Self.citizen(f, "b1")).isEmpty)
            #expect(try await desk.applications(before: nil, limit: 10, for: try Self.citizen(f, "a1")).map(\.code) == [code])
            // An officer of another ward, the police at the civil-status step, and a request without the purpose.
            await #expect(throws: AccessError.self) { try await desk.decide(.approve, step: "birth", of: code, for: Self.civilStatus(ward: GateFixture.wardB)) }
            await #expect(throws: AccessError.self) { try await desk.caseFile(code, for: Self.civilStatus(ward: GateFixture.wardB)) }
            await #expect(throws: AccessError.self) { try await desk.decide(.approve, step: "birth", of: code, for: try f.request("communeA", .publicService)) }
            await #expect(throws: AccessError.self) { try await desk.decide(.approve, step: "birth", of: code, for: try f.request("central", .civilStatus)) }
            await #expect(throws: AccessError.self) { try await desk.application(code, for: try Self.citizen(f, "a1", purpose: .selfService)) }
            let refusals = try await f.accessLog().filter { $0.decision == "denied" && $0.action.hasPrefix("service-") }
            #expect(refusals.count >= 5)
            let stored = try await desk.caseFile(code, for: Self.civilStatus(ward: GateFixture.wardA))
            #expect(stored.application.status == .received && stored.application.version == 2)
        }
    }

    @Test(arguments: Backend.all) func aDoubleSubmissionWithOneKeyMakesOneApplication(backend: Backend) async throws {
        try await Self.with(backend) { f, desk in
            let parent = try Self.citizen(f, "a1")
            let results = try await withThrowingTaskGroup(of: Created<ApplicationView>.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await desk.submit(
                            "birth-registration", form: Self.birth, attachments: Self.papers("birth-registration"), eidLevel: 2, idempotencyKey: "same",
                            for: parent)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(results.map(\.value.application.code)).count == 1 && results.filter { !$0.replayed }.count == 1)
            #expect(try await f.count("service_applications") == 1)
            var other = Self.birth
            other["childName"] = "Nguyễn Minh Khang"
            await #expect(throws: ServiceError.invalid(field: "Idempotency-Key", detail: "was used for another application; use a new key for a new one")) {
                try await desk.submit(
                    "birth-registration", form: other, attachments: Self.papers("birth-registration"), eidLevel: 2, idempotencyKey: "same", for: parent)
            }
            // Another citizen may use the same key for their own.
            _ = try await desk.submit(
                "temporary-absence",
                form: [
                    "destination": ["wardCode": GateFixture.wardC, "detail": "Số 2"], "from": "2026-12-10", "until": "2026-12-20", "reason": "Công tác",
                ], attachments: Self.papers("temporary-absence"), eidLevel: 2, idempotencyKey: "same", for: try Self.citizen(f, "b1"))
            #expect(try await f.count("service_applications") == 2)
        }
    }

    @Test(arguments: Backend.all) func badInputIsRefusedByFieldAndWritesNothing(backend: Backend) async throws {
        try await Self.with(backend) { f, desk in
            let parent = try Self.citizen(f, "a1")
            func fields(_ form: [String: any Sendable], _ code: String = "birth-registration") async -> [String] {
                do {
                    _ = try await desk.submit(code, form: form, attachments: Self.papers(code), eidLevel: 2, idempotencyKey: nil, for: parent)
                    return []
                } catch ServiceError.invalidFields(let problems) {
                    return problems.map(\.field)
                } catch { return ["\(error)"] }
            }
            let missing = await fields([:])
            #expect(
                missing.sorted() == [
                    "fields.childBirthDate", "fields.childEthnicity", "fields.childName", "fields.childSex", "fields.parentRole", "fields.placeOfBirth",
                ], "\(missing)")
            var bad = Self.birth
            bad["childBirthDate"] = "2026-13-01"
            bad["childSex"] = "x"
            bad["parentName"] = "Someone Else"
            bad["shoeSize"] = 42
            #expect(await fields(bad) == ["fields.parentName", "fields.shoeSize", "fields.childSex", "fields.childBirthDate"])
            var future = Self.birth
            future["childBirthDate"] = "2027-01-01"
            #expect(await fields(future) == ["fields.childBirthDate"])
            var old = Self.birth
            old["childBirthDate"] = "2019-01-01"
            #expect(await fields(old, "birth-residence-health-insurance") == ["fields.childBirthDate"])
            #expect(await fields(["newAddress": ["wardCode": "99999"], "basis": "own-home"], "permanent-residence") == ["fields.newAddress"])
            await #expect(throws: ServiceError.unknownProcedure("no-such")) {
                try await desk.submit("no-such", form: [:], attachments: Self.papers("no-such"), eidLevel: 2, idempotencyKey: nil, for: parent)
            }
            await #expect(throws: ServiceError.notAllowed("this procedure needs an eID of level 2; you signed in at level 1")) {
                try await desk.submit(
                    "birth-registration", form: Self.birth, attachments: Self.papers("birth-registration"), eidLevel: 1, idempotencyKey: nil, for: parent)
            }
            await #expect(throws: ServiceError.invalid(field: "Idempotency-Key", detail: "use 1 to 255 visible ASCII characters")) {
                try await desk.submit(
                    "birth-registration", form: Self.birth, attachments: Self.papers("birth-registration"), eidLevel: 2, idempotencyKey: "a key", for: parent)
            }
            #expect(try await f.count("service_applications") == 0)
            #expect(try await f.count("service_application_events") == 0)
        }
    }

    @Test(arguments: Backend.all) func aSupplementRequestAndItsAnswer(backend: Backend) async throws {
        try await Self.with(backend) { f, desk in
            let parent = try Self.citizen(f, "a1")
            let officer = Self.civilStatus(ward: GateFixture.wardA)
            let code = try await desk.submit(
                "birth-registration", form: Self.birth, attachments: Self.papers("birth-registration"), eidLevel: 2, idempotencyKey: nil, for: parent
            ).value.application.code
            let asked = try await desk.decide(.requestSupplement(reason: "Ảnh giấy chứng sinh bị mờ"), step: "birth", of: code, for: officer)
            #expect(asked.status == .supplementRequested && asked.supplement?.reason == "Ảnh giấy chứng sinh bị mờ")
            #expect(try await desk.queue(for: officer).isEmpty)
            await #expect(throws: ServiceError.wrongState("the step birth is supplement-requested, not open")) {
                try await desk.decide(.approve, step: "birth", of: code, for: officer)
            }
            var corrected = Self.birth
            corrected["placeOfBirth"] = "Bệnh viện Bạch Mai"
            let answered = try await desk.answerSupplement(code, note: "Đã gửi lại", form: corrected, for: parent)
            #expect(answered.application.status == .received && answered.form.text("placeOfBirth") == "Bệnh viện Bạch Mai")
            #expect(answered.events.suffix(2).map(\.kind) == [.supplementRequested, .supplementAnswered])
            #expect(try await desk.queue(for: officer).map(\.code) == [code])
            let refused = try await desk.decide(.refuse(reason: "Không đủ điều kiện"), step: "birth", of: code, for: officer)
            #expect(refused.status == .refused && refused.finishedOn != nil)
        }
    }
}
