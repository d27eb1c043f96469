import DanCuCore
import Foundation
import Testing

/// The trailing-comma check skips strings with `memchr`; it must find what a reader that looks at
/// every byte finds, escapes and unclosed strings included.
@Suite struct StrictJSONTests {
    /// The check as RFC 8259 reads it, one byte at a time.
    static func byteByByte(_ bytes: [UInt8]) -> Int? {
        var inString = false
        var escaped = false
        var lastComma: Int?
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                lastComma = nil
            case UInt8(ascii: ","): lastComma = offset
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let lastComma { return lastComma }
            case UInt8(ascii: " "), UInt8(ascii: "\n"): break
            default: lastComma = nil
            }
        }
        return nil
    }

    @Test func escapedQuotesAndBackslashRunsAreReadAsAReaderOfEveryByteReadsThem() {
        #expect(StrictJSON.trailingComma(in: Data(#"{"a":"x\",]"}"#.utf8)) == nil)
        #expect(StrictJSON.trailingComma(in: Data(#"{"a":"x\\",]}"#.utf8)) == 10)
        #expect(StrictJSON.trailingComma(in: Data(#"{"a":"x\\\",]"}"#.utf8)) == nil)
        #expect(StrictJSON.trailingComma(in: Data(#"{"a":"never closed,]"#.utf8)) == nil)
        #expect(StrictJSON.trailingComma(in: Data()) == nil)
    }

    /// Every text of up to six bytes made of quotes, backslashes, commas, brackets, a space and a letter.
    @Test func agreesWithAByteByByteReaderOnEveryShortMix() {
        let alphabet = Array(#""\,]} a"#.utf8)
        var texts: [[UInt8]] = [[]]
        var failures = 0
        for _ in 1...6 {
            texts = texts.flatMap { text in alphabet.map { text + [$0] } }
            for bytes in texts where StrictJSON.trailingComma(in: Data(bytes)) != Self.byteByByte(bytes) {
                failures += 1
                if failures <= 5 { Issue.record("differs on \(String(decoding: bytes, as: UTF8.self))") }
            }
        }
        #expect(failures == 0)
    }
}
