import Foundation

/// Họ, chữ đệm và tên: stored exactly as written (NFC, single spaces), with a folded key for search.
///
/// Vietnamese order: family name first, given name last, middle names between. A single-word name has
/// only a given name (some ethnic minorities' names are written so).
public struct VietnameseName: Hashable, Codable, Sendable, CustomStringConvertible {
    public let fullName: String

    public init(_ text: String) throws(NameError) {
        let nfc = VietnameseName.normalise(text)
        guard !nfc.isEmpty else { throw .empty }
        // Counting characters walks grapheme clusters; a name of at most 100 bytes needs no count.
        guard nfc.utf8.count <= 100 || nfc.count <= 100 else { throw .tooLong(nfc.count) }
        for scalar in nfc.unicodeScalars where !VietnameseName.isAllowed(scalar) {
            throw .invalidCharacter(String(scalar))
        }
        fullName = nfc
    }

    public init(family: String, middle: String, given: String) throws(NameError) {
        try self.init([family, middle, given].filter { !$0.isEmpty }.joined(separator: " "))
    }

    private var words: [Substring] { fullName.split(separator: " ") }
    public var family: String { words.count > 1 ? String(words[0]) : "" }
    public var given: String { words.last.map(String.init) ?? "" }
    public var middle: String { words.count > 2 ? words[1..<(words.count - 1)].joined(separator: " ") : "" }

    /// The search and matching key: Nguyễn = Nguyen = NGUYỄN = nguyen.
    public var folded: String { VietnameseName.fold(fullName) }

    public var description: String { fullName }

    /// NFC, "Ð" (U+00D0, eth) repaired to "Đ", whitespace trimmed and collapsed.
    public static func normalise(_ text: String) -> String {
        if isAlreadyNormal(text) { return text }
        var repaired = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if s.properties.isWhitespace {
                pendingSpace = !repaired.isEmpty
                continue
            }
            if pendingSpace {
                repaired.append(" ")
                pendingSpace = false
            }
            switch s.value {
            case 0x00D0, 0x0189: repaired.append("Đ")
            case 0x00F0: repaired.append("đ")
            default: repaired.append(s)
            }
        }
        return String(repaired).precomposedStringWithCanonicalMapping
    }

    /// True when `text` is certainly NFC, has no eth confusion and is single-spaced, so normalising
    /// would return it unchanged. Scalars below U+0300 and the precomposed Vietnamese letters of Latin
    /// Extended Additional (U+1E00–U+1EFF) are all NFC quick-check "yes"; anything else takes the full path.
    static func isAlreadyNormal(_ text: String) -> Bool {
        var previousWasSpace = true
        for s in text.unicodeScalars {
            let v = s.value
            if v == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            }
            previousWasSpace = false
            if v < 0x20 || v == 0x00D0 || v == 0x00F0 || v == 0x0189 || v == 0x85 || v == 0xA0 { return false }
            if v >= 0x0300 && !(0x1E00...0x1EFF).contains(v) { return false }
        }
        return !previousWasSpace || text.isEmpty
    }

    /// Removes tone and vowel marks, maps đ/Đ/Ð to d, lower-cases and folds spacing. Works on any text
    /// (NFD, NFC or mixed), so a search box can pass what a person typed.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                switch v {
                case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                    pendingSpace = !out.isEmpty
                    continue
                case 0x41...0x5A:
                    if pendingSpace {
                        out.append(" ")
                        pendingSpace = false
                    }
                    out.append(Unicode.Scalar(UInt8(v + 32)))
                default:
                    if pendingSpace {
                        out.append(" ")
                        pendingSpace = false
                    }
                    out.append(s)
                }
            } else if (0x0300...0x036F).contains(v) {
                continue
            } else if let folded = FoldTable.shared.ascii(for: v) {
                if pendingSpace {
                    out.append(" ")
                    pendingSpace = false
                }
                out.append(folded)
            } else {
                return foldSlowly(text)
            }
        }
        return String(out)
    }

    /// The general fold through canonical decomposition; `fold` takes it for any text outside the
    /// Latin letters that Vietnamese uses.
    static func foldSlowly(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            let v = s.value
            if (0x0300...0x036F).contains(v) { continue }
            if s.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            switch v {
            case 0x0110, 0x0111, 0x00D0, 0x00F0, 0x0189: out.append("d")
            case 0x41...0x5A: out.append(Unicode.Scalar(v + 32) ?? s)
            case 0x61...0x7A, 0x30...0x39: out.append(s)
            default:
                for l in s.properties.lowercaseMapping.unicodeScalars { out.append(l) }
            }
        }
        return String(out)
    }

    static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        if s == " " || s == "-" || s == "'" || s == "’" || s == "." { return true }
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0x1E00...0x1EFF: return true
        case 0xD7, 0xF7: return false
        case 0xC0...0x24F: return true
        default: break
        }
        return s.properties.isAlphabetic || (0x0300...0x036F).contains(s.value)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        do { self = try VietnameseName(c.decode(String.self)) } catch let e as NameError {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: e.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(fullName)
    }
}

public enum NameError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(Int)
    case invalidCharacter(String)

    public var description: String {
        switch self {
        case .empty: "a name cannot be empty"
        case .tooLong(let n): "a name has at most 100 characters, this one has \(n)"
        case .invalidCharacter(let c): "'\(c)' cannot appear in a name"
        }
    }
}

/// The fold of each precomposed Latin letter Vietnamese writing uses (U+00C0–U+024F and the Latin
/// Extended Additional block), computed once through the general path.
struct FoldTable: Sendable {
    static let shared = FoldTable()
    private static let latinRange: ClosedRange<UInt32> = 0x00C0...0x024F
    private static let additionalRange: ClosedRange<UInt32> = 0x1E00...0x1EFF
    private let latin: [Unicode.Scalar?]
    private let additional: [Unicode.Scalar?]

    private init() {
        func table(_ range: ClosedRange<UInt32>) -> [Unicode.Scalar?] {
            range.map { v in
                guard let scalar = Unicode.Scalar(v) else { return nil }
                let folded = VietnameseName.foldSlowly(String(Character(scalar))).unicodeScalars
                guard folded.count == 1, let only = folded.first, only.isASCII else { return nil }
                return only
            }
        }
        latin = table(Self.latinRange)
        additional = table(Self.additionalRange)
    }

    func ascii(for v: UInt32) -> Unicode.Scalar? {
        if Self.latinRange.contains(v) { return latin[Int(v - Self.latinRange.lowerBound)] }
        if Self.additionalRange.contains(v) { return additional[Int(v - Self.additionalRange.lowerBound)] }
        return nil
    }
}
