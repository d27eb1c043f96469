public import Foundation

/// A document the applicant sends with an application or a supplement: the catalogue's attachment
/// `code`, the bytes as sent, and what the sender says of them. The bytes decide the media type: a
/// declared type that disagrees is refused, and one of a browser (often `application/octet-stream`) is
/// not asked for.
public struct AttachmentUpload: Sendable, Equatable {
    public let code: String
    public let content: [UInt8]
    public let declaredMediaType: String?
    public let fileName: String?

    public init(code: String, content: [UInt8], declaredMediaType: String? = nil, fileName: String? = nil) {
        self.code = code
        self.content = content
        self.declaredMediaType = declaredMediaType
        self.fileName = fileName
    }

    /// The media type the bytes begin with, of those the catalogue may accept; nil for anything else.
    /// A PDF begins `%PDF-` (ISO 32000-2 §7.5.2), a JPEG with the SOI marker and another marker
    /// (`FF D8 FF`), a PNG with its 8-byte signature (ISO/IEC 15948 §5.2).
    public static func mediaType(of content: [UInt8]) -> String? {
        if content.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if content.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if content.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }

    /// A file name as a person reads it: the last part of a path a browser may send, NFC, without
    /// control characters, at most 120 characters; nil when nothing is left.
    public static func displayName(_ name: String?) -> String? {
        guard let name else { return nil }
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        // Most names are printable ASCII: NFC already, no control characters, only spaces to trim.
        // Foundation's character sets and normalisation cost more than the rest of the check of an upload.
        if last.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            var trimmed = Substring(last)
            while trimmed.first == " " { trimmed.removeFirst() }
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed.isEmpty ? nil : String(trimmed.prefix(120))
        }
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
            .precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? nil : String(clean.prefix(120))
    }
}
