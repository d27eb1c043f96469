public import DanCuCore

/// DG2 (ICAO Doc 9303 Part 10 §4.7.2): the holder's face, a JPEG in an ISO/IEC 19794-5:2005 facial
/// record, inside the biometric information templates of ISO/IEC 7816-11:
///
///     75 { 7F61 { 02 01 01, 7F60 { A1 { 80 0101, 81 02, 87 0101, 88 0008 }, 5F2E <facial record> } } }
public struct DataGroup2: Equatable, Sendable {
    public static let tag: UInt32 = 0x75
    public let face: JPEGImage
    public let sex: Sex

    public init(face: JPEGImage, sex: Sex) {
        self.face = face
        self.sex = sex
    }

    public var bytes: [UInt8] {
        let header = TLV(
            tag: 0xA1,
            children: [
                TLV(tag: 0x80, value: [0x01, 0x01]),  // ICAO header version 1.1
                TLV(tag: 0x81, value: [0x02]),  // biometric type: facial features
                TLV(tag: 0x87, value: [0x01, 0x01]),  // format owner: ISO/IEC JTC 1/SC 37
                TLV(tag: 0x88, value: [0x00, 0x08]),  // format type: face image
            ])
        let template = TLV(tag: 0x7F60, children: [header, TLV(tag: 0x5F2E, value: facialRecord)])
        return TLV(tag: Self.tag, children: [TLV(tag: 0x7F61, children: [TLV(tag: 0x02, value: [1]), template])]).encoded
    }

    /// ISO/IEC 19794-5:2005 §5: record header, facial information, image information, then the image.
    var facialRecord: [UInt8] {
        let imageInformation: [UInt8] =
            [
                0x01,  // face image type: full frontal
                0x00,  // image data type: JPEG
            ] + Self.be(face.width, 2) + Self.be(face.height, 2) + [
                face.components == 1 ? 0x03 : 0x01,  // colour space: 8-bit grey or 24-bit RGB
                0x02,  // source: digital still camera
            ] + [0, 0] + [0, 0]  // device type, quality: unspecified
        let facialData = 20 + imageInformation.count + face.bytes.count
        let information: [UInt8] =
            Self.be(facialData, 4) + [0, 0]  // no feature points
            + [sex == .male ? 0x01 : 0x02, 0x00, 0x00]  // gender; eye and hair colour unspecified
            + [0, 0, 0] + [0, 0] + [0, 0, 0] + [0, 0, 0]  // property mask, expression, pose angle and its uncertainty
        let header: [UInt8] = Array("FAC\0010\0".utf8) + Self.be(14 + facialData, 4) + [0x00, 0x01]
        return header + information + imageInformation + face.bytes
    }

    public init(bytes: [UInt8]) throws(CardTextError) {
        let outer = try TLV.read(bytes, context: "DG2")
        guard outer.tag == Self.tag else { throw CardTextError(field: "DG2", detail: "expected tag 75, found \(TLV.name(outer.tag))") }
        let group = try outer.child(0x7F61)
        guard try group.child(0x02).value == [1] else { throw CardTextError(field: "DG2.instances", detail: "DanCu's cards hold one face") }
        let template = try group.child(0x7F60)
        let header = try template.child(0xA1)
        guard try header.child(0x88).value == [0x00, 0x08] else {
            throw CardTextError(field: "DG2.formatType", detail: "not an ISO/IEC 19794-5 face image")
        }
        let record = try template.child(0x5F2E).value
        guard record.count >= 46, Array(record[0..<8]) == Array("FAC\0010\0".utf8) else {
            throw CardTextError(field: "DG2.facialRecord", detail: "not an ISO/IEC 19794-5:2005 facial record")
        }
        guard Self.int(record[8..<12]) == record.count, Self.int(record[12..<14]) == 1 else {
            throw CardTextError(field: "DG2.facialRecord", detail: "the record's length or image count is wrong")
        }
        let points = Self.int(record[18..<20])
        let imageInfo = 14 + 20 + points * 8
        guard Self.int(record[14..<18]) == record.count - 14, imageInfo + 12 <= record.count else {
            throw CardTextError(field: "DG2.facialRecord", detail: "the facial data's length is wrong")
        }
        guard record[imageInfo + 1] == 0x00 else { throw CardTextError(field: "DG2.imageType", detail: "DanCu reads JPEG faces only") }
        face = try JPEGImage(bytes: Array(record[(imageInfo + 12)...]), field: "DG2.image")
        guard Self.int(record[(imageInfo + 2)..<(imageInfo + 4)]) == face.width,
            Self.int(record[(imageInfo + 4)..<(imageInfo + 6)]) == face.height
        else {
            throw CardTextError(field: "DG2.imageSize", detail: "the header's size is not the image's")
        }
        sex = record[20] == 0x01 ? .male : .female
    }

    static func be(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    static func int(_ bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 << 8 | Int($1) } }
}
