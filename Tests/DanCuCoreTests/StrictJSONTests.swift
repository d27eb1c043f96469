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

    @Test func agreesWithAByteByByteReaderOnManyMixes() {
        let alphabet = Array(#""\\,]} \#nab"#.utf8)
        var generator = SplitMix(seed: 20_261_205)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            #expect(StrictJSON.trailingComma(in: Data(bytes)) == Self.byteByByte(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// A seeded generator, so that a failure comes back the same.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
