public import DanCuCore

/// DG13: the Vietnamese personal data on the chip, in the layout the facts file §4 describes (read by
/// reverse-engineered readers, not from an official text): `6D { 30 { 02 01 <field>, <value> } … }`.
/// Numbers and dates are PrintableString (`13`), text UTF8String (`0C`), dates `dd/mm/yyyy`. Field 13
/// holds the father's and mother's names, each in a SEQUENCE; field 14 the spouse's (an empty SEQUENCE
/// when there is none). A birth date known only in part writes `00` for the unknown day or month.
public struct DataGroup13: Equatable, Sendable {
    public static let tag: UInt32 = 0x6D

    public var personalNumber: String
    public var fullName: String
    public var dateOfBirth: String
    public var sex: String
    public var nationality: String
    public var ethnicity: String
    public var religion: String
    public var placeOfOrigin: String
    public var residence: String
    public var identifyingMarks: String
    public var issuedOn: String
    public var expiresOn: String
    public var fatherName: String
    public var motherName: String
    public var spouseName: String?
    public var legacyIdNumber: String

    public init(
        personalNumber: String, fullName: String, dateOfBirth: String, sex: String, nationality: String, ethnicity: String,
        religion: String, placeOfOrigin: String, residence: String, identifyingMarks: String, issuedOn: String,
        expiresOn: String, fatherName: String, motherName: String, spouseName: String?, legacyIdNumber: String
    ) {
        self.personalNumber = personalNumber
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.nationality = nationality
        self.ethnicity = ethnicity
        self.religion = religion
        self.placeOfOrigin = placeOfOrigin
        self.residence = residence
        self.identifyingMarks = identifyingMarks
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
        self.fatherName = fatherName
        self.motherName = motherName
        self.spouseName = spouseName
        self.legacyIdNumber = legacyIdNumber
    }

    static let printable: UInt32 = 0x13, utf8: UInt32 = 0x0C, sequence: UInt32 = 0x30, integer: UInt32 = 0x02

    /// `dd/mm/yyyy`, with `00` for a day or month the register does not know.
    public static func text(_ date: PartialDate) -> String {
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return two(date.day) + "/" + two(date.month) + "/" + String(date.year)
    }

    public var bytes: [UInt8] {
        func field(_ id: UInt8, _ value: TLV) -> TLV { TLV(tag: Self.sequence, children: [TLV(tag: Self.integer, value: [id]), value]) }
        func text(_ tag: UInt32, _ s: String) -> TLV { TLV(tag: tag, value: Array(s.utf8)) }
        let parents = TLV(
            tag: Self.sequence,
            children: [
                TLV(tag: Self.sequence, children: [text(Self.utf8, fatherName)]),
                TLV(tag: Self.sequence, children: [text(Self.utf8, motherName)]),
            ])
        let spouse = TLV(tag: Self.sequence, children: spouseName.map { [text(Self.utf8, $0)] } ?? [])
        let fields: [TLV] = [
            field(1, text(Self.printable, personalNumber)), field(2, text(Self.utf8, fullName)),
            field(3, text(Self.printable, dateOfBirth)), field(4, text(Self.utf8, sex)), field(5, text(Self.utf8, nationality)),
            field(6, text(Self.utf8, ethnicity)), field(7, text(Self.utf8, religion)), field(8, text(Self.utf8, placeOfOrigin)),
            field(9, text(Self.utf8, residence)), field(10, text(Self.utf8, identifyingMarks)),
            field(11, text(Self.printable, issuedOn)), field(12, text(Self.printable, expiresOn)),
            TLV(tag: Self.sequence, children: [TLV(tag: Self.integer, value: [13]), parents]),
            TLV(tag: Self.sequence, children: [TLV(tag: Self.integer, value: [14]), spouse]),
            field(15, text(Self.printable, legacyIdNumber)),
        ]
        return TLV(tag: Self.tag, children: fields).encoded
    }

    public init(bytes: [UInt8]) throws(CardTextError) {
        let outer = try TLV.read(bytes, context: "DG13")
        guard outer.tag == Self.tag else { throw CardTextError(field: "DG13", detail: "expected tag 6D, found \(TLV.name(outer.tag))") }
        var values: [UInt8: TLV] = [:]
        for item in try outer.children() {
            let parts = try item.children()
            guard item.tag == Self.sequence, parts.count == 2, parts[0].tag == Self.integer, parts[0].value.count == 1 else {
                throw CardTextError(field: "DG13", detail: "each field is a SEQUENCE of a one-byte INTEGER and a value")
            }
            values[parts[0].value[0]] = parts[1]
        }
        func string(_ id: UInt8, _ name: String, printable: Bool = false) throws(CardTextError) -> String {
            guard let tlv = values[id] else { throw CardTextError(field: "DG13.\(name)", detail: "field \(id) is missing") }
            guard tlv.tag == Self.utf8 || tlv.tag == Self.printable else {
                throw CardTextError(field: "DG13.\(name)", detail: "expected a string, found tag \(TLV.name(tlv.tag))")
            }
            guard let text = String(validating: tlv.value, as: UTF8.self) else {
                throw CardTextError(field: "DG13.\(name)", detail: "is not UTF-8")
            }
            if printable, !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) {
                throw CardTextError(field: "DG13.\(name)", detail: "a PrintableString holds ASCII only")
            }
            return text.nfc
        }
        func nested(_ tlv: TLV, _ name: String) throws(CardTextError) -> String? {
            guard tlv.tag == Self.sequence else { throw CardTextError(field: "DG13.\(name)", detail: "expected a SEQUENCE") }
            let inner = try tlv.children()
            guard let first = inner.first else { return nil }
            guard inner.count == 1, first.tag == Self.utf8, let text = String(validating: first.value, as: UTF8.self) else {
                throw CardTextError(field: "DG13.\(name)", detail: "expected one UTF8String")
            }
            return text.nfc
        }
        personalNumber = try string(1, "personalNumber", printable: true)
        guard (try? PersonalNumber(personalNumber)) != nil else {
            throw CardTextError(field: "DG13.personalNumber", detail: "not a valid personal number")
        }
        fullName = try string(2, "fullName")
        dateOfBirth = try string(3, "dateOfBirth", printable: true)
        sex = try string(4, "sex")
        nationality = try string(5, "nationality")
        ethnicity = try string(6, "ethnicity")
        religion = try string(7, "religion")
        placeOfOrigin = try string(8, "placeOfOrigin")
        residence = try string(9, "residence")
        identifyingMarks = try string(10, "identifyingMarks")
        issuedOn = try string(11, "issuedOn", printable: true)
        expiresOn = try string(12, "expiresOn")
        guard let parents = values[13] else { throw CardTextError(field: "DG13.parents", detail: "field 13 is missing") }
        let pair = try parents.children()
        guard parents.tag == Self.sequence, pair.count == 2 else {
            throw CardTextError(field: "DG13.parents", detail: "expected the father's and the mother's name")
        }
        fatherName = try nested(pair[0], "fatherName") ?? ""
        motherName = try nested(pair[1], "motherName") ?? ""
        guard let spouse = values[14] else { throw CardTextError(field: "DG13.spouseName", detail: "field 14 is missing") }
        spouseName = try nested(spouse, "spouseName")
        legacyIdNumber = try string(15, "legacyIdNumber", printable: true)
    }
}
