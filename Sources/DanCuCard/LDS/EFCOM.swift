/// EF.COM (ICAO Doc 9303 Part 10 §4.6.1): the LDS version, the Unicode version, and the tags of the
/// data groups present: `60 { 5F01 "0107", 5F36 "040000", 5C <tags> }`.
public struct EFCOM: Equatable, Sendable {
    public static let tag: UInt32 = 0x60
    public let ldsVersion: String
    public let unicodeVersion: String
    /// One-byte tags of the data groups present, such as 61 (DG1), 75 (DG2), 6D (DG13), 6E (DG14), 6F (DG15).
    public let dataGroupTags: [UInt8]

    public init(dataGroupTags: [UInt8], ldsVersion: String = "0107", unicodeVersion: String = "040000") {
        self.dataGroupTags = dataGroupTags
        self.ldsVersion = ldsVersion
        self.unicodeVersion = unicodeVersion
    }

    public var bytes: [UInt8] {
        TLV(
            tag: Self.tag,
            children: [
                TLV(tag: 0x5F01, value: Array(ldsVersion.utf8)), TLV(tag: 0x5F36, value: Array(unicodeVersion.utf8)),
                TLV(tag: 0x5C, value: dataGroupTags),
            ]
        ).encoded
    }

    public init(bytes: [UInt8]) throws(CardTextError) {
        let outer = try TLV.read(bytes, context: "EF.COM")
        guard outer.tag == Self.tag else { throw CardTextError(field: "EF.COM", detail: "expected tag 60, found \(TLV.name(outer.tag))") }
        let lds = try outer.child(0x5F01).value
        let unicode = try outer.child(0x5F36).value
        guard lds.count == 4, lds.allSatisfy({ (48...57).contains($0) }) else {
            throw CardTextError(field: "EF.COM.ldsVersion", detail: "four digits, like 0107")
        }
        guard unicode.count == 6, unicode.allSatisfy({ (48...57).contains($0) }) else {
            throw CardTextError(field: "EF.COM.unicodeVersion", detail: "six digits, like 040000")
        }
        ldsVersion = String(decoding: lds, as: UTF8.self)
        unicodeVersion = String(decoding: unicode, as: UTF8.self)
        dataGroupTags = try outer.child(0x5C).value
    }
}
