public import DanCuCore

/// Reads a person record from JSON with the same rules as `Person`'s `Decodable` conformance (the same
/// required and optional members, the same value checks) and names the member at fault the same way
/// (`children[0].name`). A test holds the two readers to the same answers; this one is several times
/// faster, which import needs.
public enum PersonJSONReader {
    public static func read(_ text: String) -> Result<Person, RuleViolation> {
        var source = text
        source.makeContiguousUTF8()
        let read = source.utf8.withContiguousStorageIfAvailable { bytes -> Result<Person, RuleViolation> in
            let document: JSONDocument
            do { document = try JSONDocument(parsing: bytes) } catch {
                return .failure(RuleViolation(field: "record", rule: "invalid", detail: "not valid JSON"))
            }
            do throws(RuleViolation) { return .success(try person(Members(document, at: 0, path: ""))) } catch { return .failure(error) }
        }
        return read ?? .failure(RuleViolation(field: "record", rule: "invalid", detail: "not contiguous UTF-8"))
    }

    static func person(_ m: Members) throws(RuleViolation) -> Person {
        Person(
            personalNumber: try m.parse("personalNumber") { v throws(PersonalNumberError) in try PersonalNumber(v) },
            name: try m.parse("name") { v throws(NameError) in try VietnameseName(v) },
            otherNames: try m.array("otherNames") { v, _ throws(RuleViolation) in try v.string() },
            dateOfBirth: try m.parse("dateOfBirth") { v throws(DateError) in try PartialDate(iso: v) },
            sex: try m.enumeration("sex", Sex.self),
            placeOfBirth: try m.optionalObject("placeOfBirth", place),
            birthRegistrationPlace: try m.optionalObject("birthRegistrationPlace", place),
            placeOfOrigin: try m.optionalObject("placeOfOrigin", place),
            ethnicity: try m.string("ethnicity"),
            religion: try m.enumeration("religion", Religion.self),
            nationality: try m.string("nationality"),
            otherNationalities: try m.array("otherNationalities") { v, _ throws(RuleViolation) in try v.string() },
            bloodGroup: try m.enumeration("bloodGroup", BloodGroup.self),
            legacyIdNumber: try m.optionalString("legacyIdNumber"),
            identityDocuments: try m.array("identityDocuments") { v, _ throws(RuleViolation) in try document(v.members()) },
            father: try m.optionalObject("father", reference),
            mother: try m.optionalObject("mother", reference),
            spouse: try m.optionalObject("spouse", reference),
            children: try m.array("children") { v, _ throws(RuleViolation) in try reference(v.members()) },
            legalRepresentative: try m.optionalObject("legalRepresentative", reference),
            representedPersons: try m.array("representedPersons") { v, _ throws(RuleViolation) in try reference(v.members()) },
            permanentResidence: try m.optionalObject("permanentResidence", residence),
            temporaryResidence: try m.optionalObject("temporaryResidence", residence),
            currentResidence: try m.optionalObject("currentResidence", place),
            temporaryAbsence: try m.optionalObject("temporaryAbsence", absence),
            residenceFileNumber: try m.optionalString("residenceFileNumber"),
            maritalStatus: try m.enumeration("maritalStatus", MaritalStatus.self),
            householdId: try m.optionalString("householdId"),
            relationshipToHead: try m.optionalEnumeration("relationshipToHead", RelationshipToHead.self),
            vitalStatus: try vitalStatus(m.object("vitalStatus")),
            phone: try m.optionalString("phone"),
            email: try m.optionalString("email"),
            mergedInto: try m.optionalParse("mergedInto") { v throws(PersonalNumberError) in try PersonalNumber(v) },
            mergedNumbers: try m.optionalArray("mergedNumbers") { v, _ throws(RuleViolation) in try number(v) })
    }

    static func place(_ m: Members) throws(RuleViolation) -> Place {
        Place(
            country: try m.string("country"), provinceCode: try m.optionalString("provinceCode"),
            wardCode: try m.optionalString("wardCode"), unitList: try m.enumeration("unitList", Place.UnitList.self),
            detail: try m.optionalString("detail"))
    }

    static func residence(_ m: Members) throws(RuleViolation) -> Residence {
        Residence(
            place: try place(m.object("place")), since: try m.parse("since") { v throws(DateError) in try LocalDate(iso: v) },
            until: try m.optionalParse("until") { v throws(DateError) in try LocalDate(iso: v) })
    }

    static func reference(_ m: Members) throws(RuleViolation) -> PersonReference {
        PersonReference(
            name: try m.parse("name") { v throws(NameError) in try VietnameseName(v) },
            personalNumber: try m.optionalParse("personalNumber") { v throws(PersonalNumberError) in try PersonalNumber(v) },
            legacyIdNumber: try m.optionalString("legacyIdNumber"), nationality: try m.string("nationality"))
    }

    static func document(_ m: Members) throws(RuleViolation) -> IdentityDocumentRecord {
        IdentityDocumentRecord(
            kind: try m.enumeration("kind", IdentityDocumentRecord.Kind.self), number: try m.string("number"),
            issuedOn: try m.parse("issuedOn") { v throws(DateError) in try LocalDate(iso: v) },
            issuedBy: try m.string("issuedBy"),
            validUntil: try m.optionalParse("validUntil") { v throws(DateError) in try LocalDate(iso: v) })
    }

    static func absence(_ m: Members) throws(RuleViolation) -> TemporaryAbsence {
        TemporaryAbsence(
            from: try m.parse("from") { v throws(DateError) in try LocalDate(iso: v) },
            until: try m.parse("until") { v throws(DateError) in try LocalDate(iso: v) },
            destination: try m.optionalObject("destination", place), reason: try m.string("reason"))
    }

    static func number(_ v: Located) throws(RuleViolation) -> PersonalNumber {
        let text = try v.string()
        do { return try PersonalNumber(text) } catch { throw RuleViolation(field: v.path, rule: "invalid", detail: error.description) }
    }

    static func vitalStatus(_ m: Members) throws(RuleViolation) -> VitalStatus {
        let status = try m.string("status")
        switch status {
        case "alive": return .alive
        case "dead": return .dead(try m.parse("date") { v throws(DateError) in try PartialDate(iso: v) })
        case "missing": return .missing(try m.parse("date") { v throws(DateError) in try PartialDate(iso: v) })
        default:
            throw RuleViolation(field: m.path + "status", rule: "invalid", detail: "'\(status)' is not alive, dead or missing")
        }
    }
}

/// A JSON value at a named place in the record, for error messages that name the member. The path
/// is put together only when an error needs it.
struct Located {
    let document: JSONDocument
    /// The value's entry in the document.
    let entry: Int
    let parent: String
    let key: String?
    let index: Int

    var path: String {
        if let key { return parent + key }
        return String(parent.dropLast()) + "[\(index)]"
    }

    func string() throws(RuleViolation) -> String {
        guard document.kind(entry) == .string else { throw mismatch("a string") }
        return document.string(entry)
    }

    func members() throws(RuleViolation) -> Members {
        guard document.kind(entry) == .object else { throw mismatch("an object") }
        return Members(document, at: entry, path: path + ".")
    }

    func mismatch(_ expected: String) -> RuleViolation {
        RuleViolation(field: path, rule: "type", detail: "expected \(expected), found \(document.typeName(entry))")
    }
}

/// The members of one JSON object, with the path that leads to it (`""` or `"father."`).
struct Members {
    let document: JSONDocument
    /// The object's entry; one that is not an object has no members.
    let entry: Int
    let path: String

    init(_ document: JSONDocument, at entry: Int, path: String) {
        self.document = document
        self.entry = entry
        self.path = path
    }

    /// A member that must be present and not null.
    func required(_ key: String) throws(RuleViolation) -> Located {
        guard let v = document.member(key, of: entry) else { throw RuleViolation(field: path + key, rule: "required", detail: "is missing") }
        if document.kind(v) == .null { throw RuleViolation(field: path + key, rule: "type", detail: "expected a value, found null") }
        return Located(document: document, entry: v, parent: path, key: key, index: 0)
    }

    /// A member that may be absent or null.
    func optional(_ key: String) -> Located? {
        guard let v = document.member(key, of: entry), document.kind(v) != .null else { return nil }
        return Located(document: document, entry: v, parent: path, key: key, index: 0)
    }

    func string(_ key: String) throws(RuleViolation) -> String { try required(key).string() }
    func optionalString(_ key: String) throws(RuleViolation) -> String? { try optional(key)?.string() }
    func object(_ key: String) throws(RuleViolation) -> Members { try required(key).members() }

    func optionalObject<T>(_ key: String, _ read: (Members) throws(RuleViolation) -> T) throws(RuleViolation) -> T? {
        guard let v = optional(key) else { return nil }
        return try read(v.members())
    }

    func parse<T, E: Error & CustomStringConvertible>(_ key: String, _ make: (String) throws(E) -> T) throws(RuleViolation) -> T {
        let v = try required(key)
        do { return try make(v.string()) } catch let e as E {
            throw RuleViolation(field: v.path, rule: "invalid", detail: e.description)
        } catch let e as RuleViolation { throw e } catch {
            throw RuleViolation(field: v.path, rule: "invalid", detail: "\(error)")
        }
    }

    func optionalParse<T, E: Error & CustomStringConvertible>(_ key: String, _ make: (String) throws(E) -> T) throws(RuleViolation) -> T? {
        guard optional(key) != nil else { return nil }
        return try parse(key, make)
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(RuleViolation) -> T where T.RawValue == String {
        let v = try required(key)
        let raw = try v.string()
        guard let value = T(rawValue: raw) else {
            throw RuleViolation(
                field: v.path, rule: "invalid",
                detail: "'\(raw)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func optionalEnumeration<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(RuleViolation) -> T? where T.RawValue == String {
        guard optional(key) != nil else { return nil }
        return try enumeration(key, type)
    }

    func optionalArray<T>(_ key: String, _ read: (Located, Int) throws(RuleViolation) -> T) throws(RuleViolation) -> [T]? {
        guard optional(key) != nil else { return nil }
        return try array(key, read)
    }

    func array<T>(_ key: String, _ read: (Located, Int) throws(RuleViolation) -> T) throws(RuleViolation) -> [T] {
        let v = try required(key)
        guard document.kind(v.entry) == .array else { throw v.mismatch("an array") }
        let items = document.items(of: v.entry)
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            out.append(try read(Located(document: document, entry: item, parent: v.path + ".", key: nil, index: i), i))
        }
        return out
    }
}
