import DanCuRegister
import RawStructuredFieldValues
import Testing

@testable import DanCuExchange

/// The direct writer of a signature's parameters against swift-http-structured-headers' serializer:
/// whatever it writes is the library's text to the byte (what it leaves alone, such as tokens, decimals,
/// an empty key or text RFC 8941 does not allow, the library writes or refuses as before).
@Suite struct InnerListWriterTests {
    static func library(_ list: InnerList) -> String? {
        var serializer = StructuredFieldValueSerializer()
        return (try? serializer.writeListFieldValue([.innerList(list)])).map { String(decoding: $0, as: UTF8.self) }
    }

    static let strings = [
        "@method", "content-digest", "dancu-purpose", "", "a b", #"quo"te"#, #"back\slash"#, "tab\there", "Nguyễn", "~!#$%&'()*+,-./:;<=>?@[]^_`{|}",
    ]
    static let keys = ["created", "keyid", "req", "a", "*x", "a_b-c.d*9", "", "Key", "9a", "k y", "ké"]

    static func bareItem(_ random: inout SplitMix64) -> BareItem {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return .bool(Bool.random(using: &random))
        case 1: return .integer(Int.random(in: -1_000_000_000_000_000...1_000_000_000_000_000, using: &random))
        case 2: return .integer([999_999_999_999_999, -999_999_999_999_999, 1_000_000_000_000_000, 0].randomElement(using: &random) ?? 0)
        case 3: return .token("tok/en")
        case 4: return .decimal(PseudoDecimal(mantissa: 15, exponent: -1))
        default: return .string(strings.randomElement(using: &random) ?? "")
        }
    }

    static func parameters(_ random: inout SplitMix64) -> OrderedMap<String, BareItem> {
        var parameters = OrderedMap<String, BareItem>()
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let key =
                Int.random(in: 0..<4, using: &random) == 0 ? (keys.randomElement(using: &random) ?? "a") : (keys.prefix(6).randomElement(using: &random) ?? "a")
            parameters[key] = bareItem(&random)
        }
        return parameters
    }

    @Test func writesWhatTheLibraryWritesAndLeavesTheRestToIt() {
        var random = SplitMix64(seed: 9421)
        var written = 0
        for _ in 0..<5_000 {
            var list = BareInnerList()
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                list.append(Item(bareItem: Self.bareItem(&random), parameters: Self.parameters(&random)))
            }
            let inner = InnerList(bareInnerList: list, parameters: Self.parameters(&random))
            let library = Self.library(inner)
            // Where the direct writer gives nil, `serialized()` asks the library, as before.
            if let direct = InnerListWriter.text(inner) {
                written += 1
                #expect(direct == library, "\(inner)")
            }
        }
        #expect(written > 500)
    }

    @Test func writesOurOwnParametersAsTheLibraryWritesThem() {
        var random = SplitMix64(seed: 9530)
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { Bool.random(using: &random) ? value() : nil }
        var written = 0
        for _ in 0..<3_000 {
            let components = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                CoveredComponent(Self.strings.randomElement(using: &random) ?? "", fromRequest: Bool.random(using: &random))
            }
            let parameters = SignatureParameters(
                components: components, created: maybe(Int.random(in: 0...2_000_000_000, using: &random)),
                expires: maybe(Int.random(in: 999_999_999_999_990...1_000_000_000_000_009, using: &random)),
                nonce: maybe(Self.strings.randomElement(using: &random) ?? ""), keyId: maybe("bhxh-1"), algorithm: maybe("ed25519"),
                tag: maybe(Self.strings.randomElement(using: &random) ?? ""))
            let library = Self.library(parameters.innerList)
            if let direct = InnerListWriter.text(parameters) {
                written += 1
                #expect(direct == library, "\(parameters)")
            } else {
                #expect(library == nil, "the library writes \(parameters)")
            }
        }
        #expect(written > 300)
    }

    @Test func aSignaturesParametersReadAsTheyAreWritten() throws {
        let parameters = SignatureParameters(
            components: [CoveredComponent("@status"), CoveredComponent("@method", fromRequest: true), CoveredComponent("content-digest")],
            created: 1_767_225_600, nonce: #"n"o\nce"#, keyId: "dancu-exchange-1", algorithm: "ed25519")
        let text = try parameters.serialized()
        #expect(text == #"("@status" "@method";req "content-digest");created=1767225600;nonce="n\"o\\nce";keyid="dancu-exchange-1";alg="ed25519""#)
        #expect(text == Self.library(parameters.innerList))
    }
}
