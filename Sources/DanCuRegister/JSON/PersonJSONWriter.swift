public import DanCuCore

/// Writes a person record as JSON, byte for byte what `PersonCodec.encoder()` (JSONEncoder with sorted
/// keys) writes, at a fraction of its cost: seed, import and every write encode a record, and the
/// generic encoder was most of a bulk load's time. Members are written in sorted key order by hand; a
/// test holds the two outputs equal, so a new field that is added here in the wrong place fails it.
public enum PersonJSONWriter {
    public static func encode(_ p: Person) -> String {
        var w = JSONBuffer()
        w.person(p)
        return w.text
    }

    public static func place(_ p: Place) -> String {
        var w = JSONBuffer()
        w.place(p)
        return w.text
    }

    /// A JSON string literal, escaped as the records are (and as JSONEncoder does).
    public static func quoted(_ text: String) -> String {
        var w = JSONBuffer(capacity: text.utf8.count + 8)
        w.string(text)
        return w.text
    }
}

struct JSONBuffer {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// A record is about a kilobyte.
    init(capacity: Int = 1536) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func person(_ p: Person) {
        open()
        optional("birthRegistrationPlace", p.birthRegistrationPlace, { $0.place($1) })
        string("bloodGroup", p.bloodGroup.rawValue)
        array("children", p.children, { $0.reference($1) })
        optional("currentResidence", p.currentResidence, { $0.place($1) })
        string("dateOfBirth", p.dateOfBirth.description)
        optional("email", p.email, { $0.string($1) })
        string("ethnicity", p.ethnicity)
        optional("father", p.father, { $0.reference($1) })
        optional("householdId", p.householdId, { $0.string($1) })
        array("identityDocuments", p.identityDocuments, { $0.document($1) })
        optional("legacyIdNumber", p.legacyIdNumber, { $0.string($1) })
        optional("legalRepresentative", p.legalRepresentative, { $0.reference($1) })
        string("maritalStatus", p.maritalStatus.rawValue)
        optional("mergedInto", p.mergedInto, { $0.string($1.rawValue) })
        if let numbers = p.mergedNumbers { array("mergedNumbers", numbers, { $0.string($1.rawValue) }) }
        optional("mother", p.mother, { $0.reference($1) })
        string("name", p.name.fullName)
        string("nationality", p.nationality)
        array("otherNames", p.otherNames, { $0.string($1) })
        array("otherNationalities", p.otherNationalities, { $0.string($1) })
        optional("permanentResidence", p.permanentResidence, { $0.residence($1) })
        string("personalNumber", p.personalNumber.rawValue)
        optional("phone", p.phone, { $0.string($1) })
        optional("placeOfBirth", p.placeOfBirth, { $0.place($1) })
        optional("placeOfOrigin", p.placeOfOrigin, { $0.place($1) })
        optional("relationshipToHead", p.relationshipToHead?.rawValue, { $0.string($1) })
        string("religion", p.religion.rawValue)
        array("representedPersons", p.representedPersons, { $0.reference($1) })
        optional("residenceFileNumber", p.residenceFileNumber, { $0.string($1) })
        string("sex", p.sex.rawValue)
        optional("spouse", p.spouse, { $0.reference($1) })
        optional("temporaryAbsence", p.temporaryAbsence, { $0.absence($1) })
        optional("temporaryResidence", p.temporaryResidence, { $0.residence($1) })
        key("vitalStatus")
        vitalStatus(p.vitalStatus)
        close()
    }

    mutating func place(_ p: Place) {
        open()
        string("country", p.country)
        optional("detail", p.detail, { $0.string($1) })
        optional("provinceCode", p.provinceCode, { $0.string($1) })
        string("unitList", p.unitList.rawValue)
        optional("wardCode", p.wardCode, { $0.string($1) })
        close()
    }

    mutating func residence(_ r: Residence) {
        open()
        key("place")
        place(r.place)
        string("since", r.since.description)
        optional("until", r.until?.description, { $0.string($1) })
        close()
    }

    mutating func reference(_ r: PersonReference) {
        open()
        optional("legacyIdNumber", r.legacyIdNumber, { $0.string($1) })
        string("name", r.name.fullName)
        string("nationality", r.nationality)
        optional("personalNumber", r.personalNumber?.rawValue, { $0.string($1) })
        close()
    }

    mutating func document(_ d: IdentityDocumentRecord) {
        open()
        string("issuedBy", d.issuedBy)
        string("issuedOn", d.issuedOn.description)
        string("kind", d.kind.rawValue)
        string("number", d.number)
        optional("validUntil", d.validUntil?.description, { $0.string($1) })
        close()
    }

    mutating func absence(_ a: TemporaryAbsence) {
        open()
        optional("destination", a.destination, { $0.place($1) })
        string("from", a.from.description)
        string("reason", a.reason)
        string("until", a.until.description)
        close()
    }

    mutating func vitalStatus(_ v: VitalStatus) {
        open()
        switch v {
        case .alive: break
        case .dead(let d), .missing(let d): string("date", d.description)
        }
        string("status", v.label)
        close()
    }

    // MARK: Primitives

    private mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    private mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    private mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    private mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    private mutating func optional<T>(_ name: StaticString, _ value: T?, _ write: (inout JSONBuffer, T) -> Void) {
        guard let value else { return }
        key(name)
        write(&self, value)
    }

    private mutating func array<T>(_ name: StaticString, _ items: [T], _ write: (inout JSONBuffer, T) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            write(&self, item)
            needsComma = true
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A JSON string literal escaped as JSONEncoder escapes it (slashes and non-ASCII left as they are).
    /// Runs of bytes that need no escape are copied whole.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { utf8 in
            var start = 0
            for i in utf8.indices {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(byte)
                case 0x0A:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "n"))
                case 0x0D:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "r"))
                case 0x09:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "t"))
                case 0x08:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "b"))
                case 0x0C:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "f"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hex[Int(byte >> 4)], hex[Int(byte & 0x0F)],
                    ])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }
}
