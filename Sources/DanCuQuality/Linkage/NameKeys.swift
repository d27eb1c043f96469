import DanCuCore
import Foundation

/// The keys a Vietnamese name is compared by, part by part (họ, chữ đệm, tên).
///
/// - `toneKey`: letters with their vowel marks and tone, wherever the tone mark was placed, so that
///   the old and new tone placements (Thuỷ / Thủy, Hoà / Hòa) and NFD text give the same key, and
///   "Ð" (eth) reads as "Đ"; case is ignored.
/// - `folded`: the letters without any mark (Nguyễn = Nguyen = NGUYỄN; Đặng = Ðặng = Dang).
public enum NameKeys {
    /// The tone marks of Vietnamese, in canonical decomposition.
    static let toneMarks: [UInt32: UInt8] = [0x0300: 1, 0x0301: 2, 0x0303: 3, 0x0309: 4, 0x0323: 5]

    /// The word's letters with the vowel marks kept and the tone moved to the end as a digit: "thủy"
    /// and "thuỷ" both give "thuy4" (with ư, ơ, â, ê, ô, ă and đ kept as letters).
    public static func toneKey(_ word: some StringProtocol) -> String {
        let repaired = VietnameseName.normalise(String(word)).lowercased()
        var tone: UInt8 = 0
        var letters = String.UnicodeScalarView()
        for s in repaired.decomposedStringWithCanonicalMapping.unicodeScalars {
            if let mark = toneMarks[s.value] {
                tone = mark
                continue
            }
            letters.append(s)
        }
        var key = String(letters).precomposedStringWithCanonicalMapping
        if tone != 0 { key += String(tone) }
        return key
    }

    /// The name's words, in order, each folded.
    public static func foldedWords(_ name: String) -> [String] {
        VietnameseName.fold(name).split(separator: " ").map(String.init)
    }
}

/// A name cut into its Vietnamese parts: the family name first, the given name last, the middle
/// names between. One word is a given name only.
public struct NameParts: Hashable, Sendable {
    public var family: String
    public var middle: String
    public var given: String

    public init(_ words: [String]) {
        switch words.count {
        case 0:
            (family, middle, given) = ("", "", "")
        case 1:
            (family, middle, given) = ("", "", words[0])
        default:
            family = words[0]
            given = words[words.count - 1]
            middle = words[1..<(words.count - 1)].joined(separator: " ")
        }
    }
}
