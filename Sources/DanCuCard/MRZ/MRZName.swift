import DanCuCore
import Foundation

/// A name as the MRZ writes it (ICAO 9303 Part 3 §4.6): `SURNAME<<GIVEN<NAMES`, capital Latin letters
/// only. Vietnamese loses its tone and vowel marks, `Đ` becomes `D`, and the family name is the first
/// word. A name too long for its field is cut from the end of the given names, keeping whole the
/// family name and the first letter of the given names where it can.
enum MRZName {
    static func field(_ name: VietnameseName, width: Int) -> String {
        let family = letters(name.family.isEmpty ? name.given : name.family)
        let rest =
            name.family.isEmpty
            ? []
            : [name.middle, name.given].filter { !$0.isEmpty }.joined(separator: " ")
                .split(separator: " ").map { letters(String($0)) }
        var text = family + "<<" + rest.joined(separator: "<")
        if text.count > width { text = String(text.prefix(width)) }
        return text + String(repeating: "<", count: width - text.count)
    }

    /// Capital A–Z of a word: marks removed through the register's own fold, anything else dropped.
    static func letters(_ word: String) -> String {
        String(VietnameseName.fold(word).uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) }.map(Character.init))
    }

    /// The primary and secondary identifiers read back from a name field.
    static func parse(_ field: Substring) -> (family: String, given: String) {
        let trimmed = field.reversed().drop(while: { $0 == "<" }).reversed()
        let text = String(trimmed)
        guard let range = text.range(of: "<<") else { return (text.replacingOccurrences(of: "<", with: " "), "") }
        let family = text[..<range.lowerBound].replacingOccurrences(of: "<", with: " ")
        let given = text[range.upperBound...].replacingOccurrences(of: "<", with: " ")
        return (family, given)
    }
}
