/// DG1: the MRZ, as ICAO Doc 9303 Part 10 §4.7.1 stores it: `61 { 5F1F <the MRZ's 90 characters> }`.
public struct DataGroup1: Equatable, Sendable {
    public static let tag: UInt32 = 0x61
    static let mrzTag: UInt32 = 0x5F1F

    public let mrz: CardMRZ

    public init(mrz: CardMRZ) { self.mrz = mrz }

    public var bytes: [UInt8] { TLV(tag: Self.tag, children: [TLV(tag: Self.mrzTag, value: Array(mrz.lines.joined().utf8))]).encoded }

    public init(bytes: [UInt8]) throws(CardTextError) {
        let outer = try TLV.read(bytes, context: "DG1")
        guard outer.tag == Self.tag else { throw CardTextError(field: "DG1", detail: "expected tag 61, found \(TLV.name(outer.tag))") }
        let data = try outer.child(Self.mrzTag).value
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CardTextError(field: "DG1.mrz", detail: "is not text")
        }
        mrz = try CardMRZ(parsing: text)
    }
}
