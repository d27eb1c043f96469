import DanCuCore
import Foundation
import Testing

/// The hand-written trims are Foundation's, scalar for scalar: every Unicode scalar alone, and those below
/// U+3100 around text and inside it (kept) and beside combining marks.
@Suite struct TrimmingTests {
    static let everyScalar: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test func everyScalarIsTrimmedAsFoundationTrimsIt() {
        var differences: [String] = []
        for scalar in Self.everyScalar {
            // Alone, every scalar: the two sets are the same. Around and inside text, and beside a combining
            // mark, where white space lives (below U+3100), so the test runs in seconds.
            let placed = scalar.value < 0x3100 ? ["\(scalar)a\(scalar)b\(scalar)", "\(scalar)\u{301}x", "x\(scalar)\u{301}"] : []
            for text in [String(scalar)] + placed {
                if text.trimmingWhitespaceAndNewlines != text.trimmingCharacters(in: .whitespacesAndNewlines) {
                    differences.append("whitespace and newlines: U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
                }
                if text.trimmingWhitespace != text.trimmingCharacters(in: .whitespaces) {
                    differences.append("whitespace: U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    @Test func textOfOnlySpacesBecomesEmptyAndInnerSpacesStay() {
        #expect(" \t\n\u{3000}\u{A0}".trimmingWhitespaceAndNewlines == "")
        #expect(" \t\u{3000}".trimmingWhitespace == "")
        #expect(" \n".trimmingWhitespace == "\n")
        #expect("  Nguyễn  Văn A\n".trimmingWhitespaceAndNewlines == "Nguyễn  Văn A")
        #expect("".trimmingWhitespace == "")
    }
}
