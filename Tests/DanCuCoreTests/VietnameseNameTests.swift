import Foundation
import PropertyBased
import Testing

@testable import DanCuCore

@Suite struct VietnameseNameTests {
    @Test func foldingIgnoresTonesCaseAndDStroke() throws {
        let keys = ["Nguyễn", "Nguyen", "NGUYỄN", "nguyễn", "  Nguyễn  "].map(VietnameseName.fold)
        #expect(Set(keys) == ["nguyen"])
        #expect(VietnameseName.fold("Đặng Thị Ðào") == "dang thi dao")
        #expect(VietnameseName.fold("Trần   Thủy") == VietnameseName.fold("TRẦN THUỶ"))
    }

    @Test func storesNFCAndRepairsEth() throws {
        let nfd = "Nguye\u{0302}\u{0303}n Va\u{0306}n A"
        let name = try VietnameseName(nfd)
        #expect(name.fullName.unicodeScalars.count == "Nguyễn Văn A".unicodeScalars.count)
        #expect(name.fullName == "Nguyễn Văn A")
        #expect(try VietnameseName("\u{00D0}ỗ Văn Hùng").fullName == "Đỗ Văn Hùng")
        #expect(name.family == "Nguyễn" && name.middle == "Văn" && name.given == "A")
        #expect(try VietnameseName("Nguyễn Thị Minh Khai").middle == "Thị Minh")
    }

    @Test func rejectsEmptyAndSymbols() {
        #expect(throws: NameError.empty) { try VietnameseName("   ") }
        #expect(throws: NameError.invalidCharacter("3")) { try VietnameseName("Nguyễn 3") }
    }

    static let vietnameseLetters = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ AĂÂĐÊÔƠƯÀÁẠỲÝỴ")

    @Test func foldingIsIdempotentAndFormInsensitive() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...(Self.vietnameseLetters.count - 1)).array(of: 1...30)) { indices in
            let text = String(indices.map { Self.vietnameseLetters[$0] })
            let key = VietnameseName.fold(text)
            #expect(VietnameseName.fold(key) == key)
            #expect(VietnameseName.fold(text.decomposedStringWithCanonicalMapping) == key)
            #expect(VietnameseName.fold(text.uppercased()) == key)
            #expect(key.unicodeScalars.allSatisfy { $0.isASCII })
        }
    }

    static let mixedScalars: [String] = [
        "a", "ê", "Đ", "\u{00D0}", "\u{0301}", "\u{0323}", "e\u{0302}", " ", "  ", "\t", "\u{00A0}",
        "ơ", "Ư", "ỹ", "x", "-", "\u{2003}", "ð",
    ]

    @Test func normalisingGivesSingleSpacedNFCWithoutEth() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(Self.mixedScalars.count - 1)).array(of: 0...25)) { indices in
            let text = indices.map { Self.mixedScalars[$0] }.joined()
            let n = VietnameseName.normalise(text)
            #expect(n.unicodeScalars.elementsEqual(n.precomposedStringWithCanonicalMapping.unicodeScalars))
            #expect(VietnameseName.normalise(n).unicodeScalars.elementsEqual(n.unicodeScalars))
            #expect(!n.contains("  ") && !n.hasPrefix(" ") && !n.hasSuffix(" "))
            #expect(!n.unicodeScalars.contains { [0x00D0, 0x00F0, 0x09, 0xA0, 0x2003].contains($0.value) })
            #expect(VietnameseName.fold(n) == VietnameseName.fold(text))
        }
    }

    static let foldAlphabet: [String] =
        Array("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ AĂÂĐÊÔƠƯÀÁẠỲÝỴ0'-.ÆØßñÇ").map(String.init)
        + ["\u{0301}", "\u{00D0}", "\t", "\u{00A0}", "\u{2003}", "Ω", "中", "ﬁ", "\u{0189}", "ǅ"]

    @Test func theFastFoldAgreesWithTheGeneralOne() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 0...(Self.foldAlphabet.count - 1)).array(of: 0...30)) { indices in
            let text = indices.map { Self.foldAlphabet[$0] }.joined()
            #expect(VietnameseName.fold(text) == VietnameseName.foldSlowly(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

@Suite struct FreeTextNFCTests {
    @Test func freeTextFieldsAreStoredNFC() throws {
        let nfd = "Thôn Đông, xã Hòa".decomposedStringWithCanonicalMapping
        var p = Person(
            personalNumber: try PersonalNumber("001090000001"), name: try VietnameseName("Lê Văn Tám"),
            otherNames: [nfd], dateOfBirth: try PartialDate(iso: "1990"), sex: .male)
        p.currentResidence = Place(provinceCode: "01", detail: nfd)
        p.permanentResidence = Residence(place: Place(provinceCode: "01", detail: nfd), since: try LocalDate(iso: "2000-01-01"))
        let n = p.withNFCText
        for text in [n.otherNames[0], n.currentResidence?.detail ?? "", n.permanentResidence?.place.detail ?? ""] {
            #expect(text.unicodeScalars.elementsEqual(nfd.precomposedStringWithCanonicalMapping.unicodeScalars))
        }
        #expect(n.temporaryResidence == nil)
        #expect("Nguyễn Văn A".nfc.unicodeScalars.elementsEqual("Nguyễn Văn A".unicodeScalars))
    }
}
