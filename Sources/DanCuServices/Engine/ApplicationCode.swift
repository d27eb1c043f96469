public import DanCuCore

/// The code an applicant quotes for their application: `G` and the procedure's number on the list of
/// 25 (or `G00` for others), the day of submission in Viet Nam, eight random characters of an
/// alphabet without look-alikes (no 0/O, 1/I/L: 31^8, about 8.5 × 10^11 codes a procedure a day), and a
/// check character so that a mistyped code is caught before it is looked up: `G14-261203-7KQ4M2PX9`.
public enum ApplicationCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    public static func make(procedure: Procedure, on date: LocalDate, random: () -> UInt64) -> String {
        let number = procedure.essentialNumber.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00"
        let day = String(date.year % 100).leftPadded(2) + String(date.month).leftPadded(2) + String(date.day).leftPadded(2)
        var bits = random()
        var body: [Character] = []
        for _ in 0..<8 {
            body.append(alphabet[Int(bits % UInt64(alphabet.count))])
            bits /= UInt64(alphabet.count)
        }
        let prefix = "G\(number)-\(day)-"
        let chars = prefix + String(body)
        return chars + String(check(chars))
    }

    /// Whether `code` is well formed and its check character holds.
    public static func isWellFormed(_ code: String) -> Bool {
        let chars = Array(code)
        guard chars.count == 20, chars[0] == "G", chars[3] == "-", chars[10] == "-",
            chars[1...2].allSatisfy(\.isASCIIDigit), chars[4...9].allSatisfy(\.isASCIIDigit),
            chars[11...].allSatisfy({ alphabet.contains($0) })
        else { return false }
        return check(String(chars[0..<19])) == chars[19]
    }

    /// A weighted sum over the code's characters, so that a changed or swapped character shows.
    static func check(_ text: String) -> Character {
        var sum = 0
        for (i, scalar) in text.unicodeScalars.enumerated() { sum += (i + 1) * Int(scalar.value) }
        return alphabet[sum % alphabet.count]
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
