/// ICAO Doc 9303 Part 3 §4.9: check digits with weights 7, 3, 1 over digits (their value), letters
/// (A = 10 … Z = 35) and the filler `<` (0).
public enum MRZCheckDigit {
    /// The check digit of `text`, or nil if it holds a character the MRZ does not allow.
    public static func of<S: StringProtocol>(_ text: S) -> Character? {
        let weights = [7, 3, 1]
        var sum = 0
        for (i, byte) in text.utf8.enumerated() {
            guard let value = value(of: byte) else { return nil }
            sum += value * weights[i % 3]
        }
        return Character(String(sum % 10))
    }

    static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "<"): 0
        default: nil
        }
    }

    /// Whether every character of `text` may appear in an MRZ.
    static func isMRZ<S: StringProtocol>(_ text: S) -> Bool { text.utf8.allSatisfy { value(of: $0) != nil } }
}
