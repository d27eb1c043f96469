/// What DG2's face header needs to know of a JPEG: that it is one, and its size and colour. Read from
/// the frame header, without decoding the picture.
public struct JPEGImage: Equatable, Sendable {
    public let bytes: [UInt8]
    public let width: Int
    public let height: Int
    /// 1 for greyscale, 3 for colour.
    public let components: Int

    public init(bytes: [UInt8], field: String = "face") throws(CardTextError) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
            throw CardTextError(field: field, detail: "not a JPEG image (it must start with FF D8)")
        }
        var i = 2
        while i + 4 <= bytes.count {
            guard bytes[i] == 0xFF else { throw CardTextError(field: field, detail: "a broken JPEG segment at byte \(i)") }
            let marker = bytes[i + 1]
            if marker == 0xFF {
                i += 1
                continue
            }  // fill bytes
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 2, i + 2 + length <= bytes.count else {
                throw CardTextError(field: field, detail: "a JPEG segment runs past the end of the image")
            }
            // Start-of-frame markers C0–CF, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic tables).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard length >= 8 else { throw CardTextError(field: field, detail: "a JPEG frame header is too short") }
                height = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                width = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                components = Int(bytes[i + 9])
                guard width > 0, height > 0, [1, 3].contains(components) else {
                    throw CardTextError(field: field, detail: "a JPEG of \(width)×\(height) with \(components) colour components is not a face photo")
                }
                self.bytes = bytes
                return
            }
            guard marker != 0xDA else { break }  // image data starts before any frame header
            i += 2 + length
        }
        throw CardTextError(field: field, detail: "the JPEG has no frame header")
    }
}
