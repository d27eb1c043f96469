import DanCuCore
import Foundation
import Testing

@testable import DanCuServices

/// The catalogue: all 25 essential procedures load and keep the rules; a file with a mistake is refused
/// with the file, the field and the reason.
@Suite struct CatalogueTests {
    @Test func all25EssentialProceduresLoadAndValidate() throws {
        let catalogue = try ProcedureCatalogue.load()
        #expect(catalogue.procedures.count == 25)
        #expect(catalogue.procedures.compactMap(\.essentialNumber) == Array(1...25))
        for procedure in catalogue.procedures {
            #expect(!procedure.legalBasis.isEmpty && !procedure.steps.isEmpty && !procedure.results.isEmpty, "\(procedure.code)")
            // Once-only: no procedure asks the applicant for their own name, birth date or number.
            #expect(!procedure.fields.contains { $0.register == nil && ["fullName", "dateOfBirth", "personalNumber"].contains($0.name) })
        }
        let birthPlus = try #require(catalogue.procedures.first { $0.essentialNumber == 17 })
        #expect(birthPlus.isInterlinked && Set(birthPlus.steps.map(\.desk)) == [.civilStatus, .communePolice, .memberSystem])
        #expect(birthPlus.steps.first { $0.desk == .memberSystem }?.member == "BHXH/THE-BHYT")
        #expect(birthPlus.results.contains { $0.kind == .linkedRecord && $0.recordType == "health-insurance-card" })
        let deathPlus = try #require(catalogue.procedures.first { $0.essentialNumber == 18 })
        #expect(deathPlus.isInterlinked && deathPlus.steps.map(\.action) == [.registerDeath, .removePermanentResidence, .memberDecision])
        // The procedures DanCu carries out on its own register, and those routed to member systems.
        for n in [1, 2, 3, 4, 5, 6, 14, 15, 16] {
            #expect(catalogue.procedures.first { $0.essentialNumber == n }?.steps.allSatisfy { $0.desk != .memberSystem } == true, "\(n)")
        }
        for n in [7, 8, 9, 10, 11, 12, 13, 19, 20, 21, 22, 23, 24, 25] {
            #expect(catalogue.procedures.first { $0.essentialNumber == n }?.steps.map(\.desk) == [.memberSystem], "\(n)")
        }
    }

    /// A valid procedure to break one member at a time.
    static func valid() -> [String: Any] {
        [
            "code": "dog-licence",
            "name": ["vi": "Cấp giấy phép nuôi chó", "en": "Dog licence"],
            "responsibleBody": ["vi": "Ủy ban nhân dân cấp xã", "en": "Commune People's Committee"],
            "legalBasis": ["Quyết định 1/2026/QĐ-UBND"],
            "applicants": ["eidLevel": 1, "minimumAge": 18, "subject": "applicant"],
            "jurisdiction": ["from": "applicant-residence"],
            "fields": [
                ["name": "applicantName", "label": ["vi": "Họ tên", "en": "Name"], "type": "text", "register": "applicant.fullName"],
                ["name": "dogName", "label": ["vi": "Tên chó", "en": "Dog's name"], "type": "text", "required": true],
            ],
            "fee": ["amount": 0],
            "processingDays": 3,
            "steps": [
                ["id": "check", "name": ["vi": "Kiểm tra", "en": "Check"], "desk": "commune-police", "action": "notify-stay", "workingDays": 1],
                [
                    "id": "decide", "name": ["vi": "Quyết định", "en": "Decide"], "desk": "member-system", "member": "UBND/GIAY-PHEP",
                    "action": "member-decision", "workingDays": 2, "after": ["check"],
                ],
            ],
            "results": [["kind": "decision", "name": ["vi": "Giấy phép", "en": "Licence"], "step": "decide"]],
        ]
    }

    static func read(_ object: [String: Any]) throws -> Procedure {
        try Procedure.read(try JSONSerialization.data(withJSONObject: object), file: "99-dog-licence.json")
    }

    static func problems(_ change: (inout [String: Any]) -> Void) -> [CatalogueProblem] {
        var object = valid()
        change(&object)
        do {
            _ = try read(object)
            return []
        } catch let error as CatalogueError {
            return error.problems
        } catch {
            return [CatalogueProblem(file: "?", field: "?", reason: "\(error)")]
        }
    }

    @Test func theValidExampleIsValid() throws {
        let procedure = try Self.read(Self.valid())
        #expect(procedure.code == "dog-licence" && procedure.steps.map(\.id) == ["check", "decide"] && procedure.isInterlinked)
    }

    @Test func aMistakeIsNamedWithTheFileTheFieldAndTheReason() throws {
        func expectProblem(_ field: String, containing words: String, _ change: (inout [String: Any]) -> Void) {
            let found = Self.problems(change)
            #expect(found.contains { $0.file == "99-dog-licence.json" && $0.field == field && $0.reason.contains(words) }, "\(field): \(found)")
        }
        expectProblem("/processingDay", containing: "not a member") { $0["processingDay"] = 3 }
        expectProblem("/legalBasis", containing: "is missing") { $0["legalBasis"] = nil }
        expectProblem("/legalBasis", containing: "at least one") { $0["legalBasis"] = [String]() }
        expectProblem("/applicants/eidLevel", containing: "from 1 to 2") { $0["applicants"] = ["eidLevel": 3, "minimumAge": 18, "subject": "applicant"] }
        expectProblem("/applicants/subject", containing: "not one of") { $0["applicants"] = ["eidLevel": 1, "minimumAge": 18, "subject": "dog"] }
        expectProblem("/name/en", containing: "is missing") { $0["name"] = ["vi": "Cấp giấy phép nuôi chó"] }
        expectProblem("/processingDays", containing: "whole number") { $0["processingDays"] = "three" }
        expectProblem("/processingDays", containing: "the steps in order take 3") { $0["processingDays"] = 2 }
        func withSteps(_ o: inout [String: Any], _ edit: (inout [[String: Any]]) -> Void) {
            var steps = o["steps"] as? [[String: Any]] ?? []
            edit(&steps)
            o["steps"] = steps
        }
        func withFields(_ o: inout [String: Any], _ edit: (inout [[String: Any]]) -> Void) {
            var fields = o["fields"] as? [[String: Any]] ?? []
            edit(&fields)
            o["fields"] = fields
        }
        expectProblem("/steps/1/after/0", containing: "not a step declared before") { o in withSteps(&o) { $0[1]["after"] = ["nowhere"] } }
        expectProblem("/steps/0/action", containing: "is done by civil-status") { o in withSteps(&o) { $0[0]["action"] = "register-birth" } }
        expectProblem("/steps/1/member", containing: "names the member") { o in withSteps(&o) { $0[1]["member"] = nil } }
        expectProblem("/steps/1/member", containing: "MEMBER/SUBSYSTEM") { o in withSteps(&o) { $0[1]["member"] = "ubnd" } }
        expectProblem("/steps/1/id", containing: "names a step twice") { o in withSteps(&o) { $0[1]["id"] = "check" } }
        expectProblem("/steps/0/desk", containing: "not one of") { o in withSteps(&o) { $0[0]["desk"] = "front-desk" } }
        expectProblem("/fields/0/register", containing: "not a register field") { o in withFields(&o) { $0[0]["register"] = "applicant.shoeSize" } }
        expectProblem("/fields/0/required", containing: "never asked") { o in withFields(&o) { $0[0]["required"] = true } }
        expectProblem("/fields/1/name", containing: "once-only") { o in withFields(&o) { $0[1]["name"] = "dateOfBirth" } }
        expectProblem("/fields/1/options", containing: "lists its options") { o in withFields(&o) { $0[1]["type"] = "choice" } }
        expectProblem("/fields/1/required", containing: "true or false") { o in withFields(&o) { $0[1]["required"] = "yes" } }
        expectProblem("/results/0/step", containing: "not a step") { $0["results"] = [["kind": "decision", "name": ["vi": "A", "en": "A"], "step": "x"]] }
        expectProblem("/results/0/step", containing: "member-system step") {
            $0["results"] = [["kind": "linked-record", "name": ["vi": "A", "en": "A"], "step": "check", "recordType": "tax-code"]]
        }
        expectProblem("/jurisdiction/field", containing: "not a field") { $0["jurisdiction"] = ["from": "field", "field": "kennel"] }
        expectProblem("/attachments/0/mediaTypes/0", containing: "not accepted") {
            $0["attachments"] = [["code": "photo", "name": ["vi": "Ảnh", "en": "Photo"], "mediaTypes": ["image/gif"], "maxBytes": 1000]]
        }
        expectProblem("/attachments/0/maxBytes", containing: "from 1 to") {
            $0["attachments"] = [["code": "photo", "name": ["vi": "Ảnh", "en": "Photo"], "mediaTypes": ["image/png"], "maxBytes": 100_000_000]]
        }
    }

    @Test func aFileThatIsNotJSONIsRefusedWithItsName() {
        #expect(throws: CatalogueError([CatalogueProblem(file: "x.json", field: "", reason: "is not JSON: a trailing comma at byte 12")])) {
            try Procedure.read(Data(#"{"code": "a",}"#.utf8), file: "x.json")
        }
        #expect(throws: CatalogueError([CatalogueProblem(file: "y.json", field: "", reason: "must be an object")])) {
            try Procedure.read(Data("[1]".utf8), file: "y.json")
        }
    }

    @Test func anAdministratorsFilesAddAndReplaceProcedures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try JSONSerialization.data(withJSONObject: Self.valid()).write(to: directory.appendingPathComponent("99-dog-licence.json"))
        let bundled = try #require(ProcedureCatalogue.bundledDirectory)
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: bundled.appendingPathComponent("05-temporary-absence.json")))
        var changed = try #require(original as? [String: Any])
        changed["processingDays"] = 2
        try JSONSerialization.data(withJSONObject: changed).write(to: directory.appendingPathComponent("temporary-absence.json"))
        let catalogue = try ProcedureCatalogue.load(adding: directory)
        #expect(catalogue.procedures.count == 26)
        #expect(catalogue.procedure("dog-licence")?.essentialNumber == nil)
        #expect(catalogue.procedure("temporary-absence")?.processingDays == 2)
        // A mistaken file of the administrator's stops the whole catalogue, naming the file.
        var broken = Self.valid()
        broken["code"] = "Dog Licence"
        try JSONSerialization.data(withJSONObject: broken).write(to: directory.appendingPathComponent("98-broken.json"))
        #expect {
            try ProcedureCatalogue.load(adding: directory)
        } throws: { error in
            (error as? CatalogueError)?.problems.contains { $0.file == "98-broken.json" && $0.field == "/code" } == true
        }
        // Two procedures of one code, or one number, cannot both stand.
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("98-broken.json"))
        var twin = Self.valid()
        twin["essentialNumber"] = 5
        twin["code"] = "dog-licence-two"
        try JSONSerialization.data(withJSONObject: twin).write(to: directory.appendingPathComponent("97-twin.json"))
        #expect {
            try ProcedureCatalogue.load(adding: directory)
        } throws: { error in
            (error as? CatalogueError)?.problems.contains { $0.field == "/essentialNumber" && $0.reason.contains("temporary-absence") } == true
        }
    }
}
