import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuQuality
import DanCuRegister
import DanCuStore
import Foundation

/// The demo's data quality: a few people of the demo ward entered a second time, as digitising old
/// paper records does (the name typed without diacritics, day and month swapped, the middle name
/// dropped), then one linkage run to queue the suspected duplicates for the demo province officer, and
/// one full measure so that the figures have something to show.
enum DemoQuality {
    static func prepare(_ platform: Platform, ward: String, request: AccessRequest) async throws {
        let candidates = try await platform.register.store.read { db in
            try db.query(
                """
                SELECT personal_number FROM persons WHERE ward_code = ? AND vital_status = 'alive' AND birth_year BETWEEN 1950 AND 2000
                ORDER BY personal_number DESC LIMIT 40
                """, [.text(ward)]
            ).map { try $0.string("personal_number") }
        }
        var planted = 0
        for text in candidates where planted < 3 {
            let original = try await platform.gate.person(try PersonalNumber(text), for: request).person
            guard original.dateOfBirth.isComplete, original.name.middle != "", let copy = try copy(of: original, variant: planted) else { continue }
            for serial in stride(from: 900_000, to: 900_050, by: 1) {
                var entered = copy
                entered.personalNumber = try PersonalNumber(prefix: original.personalNumber.prefix, serial: serial)
                do {
                    _ = try await platform.gate.registerExisting(entered, idempotency: nil, for: request)
                    planted += 1
                    break
                } catch RegisterError.invalid {
                    continue  // the number is taken: the next
                }
            }
        }
        let scan = try await platform.duplicates.scan()
        let measured = try await platform.quality.recomputeAll()
        Console.line(
            "Demo data quality: \(measured) people measured; \(scan.open) suspected duplicate pairs (\(planted) planted) wait at /desk/duplicates")
    }

    /// The person as a second, careless entry would have them: no household, relatives or documents,
    /// and one slip of the pen.
    static func copy(of person: Person, variant: Int) throws -> Person? {
        var copy = person
        copy.householdId = nil
        copy.relationshipToHead = nil
        copy.spouse = nil
        copy.maritalStatus = .single
        copy.children = []
        copy.father = nil
        copy.mother = nil
        copy.identityDocuments = []
        copy.legacyIdNumber = nil
        copy.phone = nil
        copy.email = nil
        switch variant {
        case 0:
            copy.name = try VietnameseName(LinkageTestData.stripped(person.name.fullName))
        case 1:
            guard let day = person.dateOfBirth.day, let month = person.dateOfBirth.month, day <= 12, day != month else { return nil }
            copy.dateOfBirth = try PartialDate(year: person.dateOfBirth.year, month: day, day: month)
        default:
            copy.name = try VietnameseName([person.name.family, person.name.given].joined(separator: " "))
        }
        return copy
    }
}
