import RawStructuredFieldValues
import Testing

@testable import DanCuExchange

/// The direct reader of structured dictionaries against swift-http-structured-headers: on every input
/// it reads itself it gives what the library gives, and every input it leaves alone the library
/// answers (or refuses) as before.
@Suite struct StructuredDictionaryTests {
    static func library(_ text: String) -> OrderedMap<String, ItemOrInnerList>? {
        var parser = StructuredFieldValueParser(Array(text.utf8))
        return try? parser.parseDictionaryFieldValue()
    }

    static func direct(_ text: String) -> OrderedMap<String, ItemOrInnerList>? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = StructuredDictionary.Reader(bytes: bytes)
            return reader.dictionary()
        }
    }

    static let samples = [
        #"sig1=("@method" "@target-uri" "content-digest" "dancu-purpose" "dancu-legal-basis");created=1767225600;keyid="bhxh-1";nonce="bTm0kI2pV8xq";alg="ed25519""#,
        "sig1=:dGhlIHNpZ25hdHVyZSBieXRlcyBoZXJlLCBzaXh0eS1mb3VyIG9mIHRoZW0gaW4gYWxsIGFuZCBzb21lIG1vcmU=:",
        "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:YQ==:",
        #"sig1=("@status" "content-type" "@method";req "signature";req "signature";key="sig1";req);created=1;keyid="dancu""#,
        "a=1, b=?0, c, d;x;y=?1, e=tok/en:x, f=-15, g=*star",
        "  a=1  ,\tb=2  ",
        "a=(), b=( 1  2 ), c=(\"x\";p=1 tok);q=\"v\"",
        "a=1, a=2, b=3;p=1;p=2",
        "",
        "   ",
    ]

    static let refused = [
        "a=1,", "a=", "=1", "A=1", "a=(1 2", "a=(1,2)", "a=\"unterminated", "a=:bad!byte:", "a=1234567890123456", "a=99999999999999999999999",
        "a=-99999999999999999999999", "a=-", "a=?2",
        "a=1;", "a=1;P=2", "a=1 b=2", "a=1,,b=2", "a=\"tab\there\"", "a=(1)x",
    ]

    /// Inputs the direct reader leaves to the library.
    static let deferred = [#"a="esc\"aped""#, "a=1.5", "a=@1659578233", #"a=%"f%c3%bc""#]

    @Test func readsWhatMembersSendAsTheLibraryDoes() throws {
        for text in Self.samples {
            let direct = try #require(Self.direct(text), "the direct reader refused \(text)")
            #expect(direct == Self.library(text), "\(text)")
            #expect(try StructuredDictionary.parse(text) == direct)
        }
    }

    @Test func leavesAnythingElseToTheLibrary() throws {
        for text in Self.refused {
            #expect(Self.direct(text) == nil, "\(text)")
            #expect(Self.library(text) == nil, "the library reads \(text)")
            #expect(throws: (any Error).self) { try StructuredDictionary.parse(text) }
        }
        for text in Self.deferred {
            #expect(Self.direct(text) == nil, "\(text)")
            #expect(try StructuredDictionary.parse(text) == Self.library(text))
        }
    }

    /// Every sample cut short and with a byte changed, against the library: where the direct reader
    /// answers, it answers the same.
    @Test func agreesWithTheLibraryOnEveryCutAndChangedSample() {
        let alphabet = Array(#" !"(),-.:;=?*/09AZaz_\+"#.utf8) + [0x09, 0x7F, 0xC3]
        var checked = 0
        for sample in Self.samples {
            let bytes = Array(sample.utf8)
            var variants: [[UInt8]] = (0...bytes.count).map { Array(bytes[..<$0]) }
            for position in bytes.indices {
                for byte in alphabet {
                    var changed = bytes
                    changed[position] = byte
                    variants.append(changed)
                }
            }
            for variant in variants {
                let text = String(decoding: variant, as: UTF8.self)
                guard let direct = Self.direct(text) else { continue }
                checked += 1
                guard direct == Self.library(text) else {
                    Issue.record("the readers disagree on \(text)")
                    return
                }
            }
        }
        #expect(checked > 1_000)
    }
}
