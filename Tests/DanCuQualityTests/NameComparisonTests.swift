import DanCuCore
import DanCuRegister
import Foundation
import Testing

@testable import DanCuQuality

@Suite struct NameComparisonTests {
    /// Two one-record lists prepared together, so their words share one table.
    func levels(_ a: String, _ b: String) -> ComparisonVector {
        let records = PreparedRecords([LinkageRecord(recordId: "a", fullName: a), LinkageRecord(recordId: "b", fullName: b)])
        return records.compare(0, 1)
    }

    @Test func toneKeysIgnoreTonePlacementCaseAndNFDButKeepTones() {
        #expect(NameKeys.toneKey("Thuỷ") == NameKeys.toneKey("Thủy"))
        #expect(NameKeys.toneKey("THỦY") == NameKeys.toneKey("thuỷ"))
        #expect(NameKeys.toneKey("Hoà") == NameKeys.toneKey("Hòa"))
        #expect(NameKeys.toneKey("Nguyễn".decomposedStringWithCanonicalMapping) == NameKeys.toneKey("Nguyễn"))
        #expect(NameKeys.toneKey("\u{00D0}ặng") == NameKeys.toneKey("Đặng"))
        #expect(NameKeys.toneKey("Thủy") != NameKeys.toneKey("Thúy"))
        #expect(NameKeys.toneKey("Thủy") != NameKeys.toneKey("Thuy"))
        #expect(NameKeys.toneKey("Đặng") != NameKeys.toneKey("Dặng"))
    }

    @Test func nguyenThiThuyWrittenThreeWaysIsOneNameOrOneNameWithoutMarks() {
        let upper = levels("Nguyễn Thị Thuỷ", "NGUYỄN THỊ THỦY")
        #expect(upper[.familyName] == NameLevel.same.rawValue)
        #expect(upper[.middleName] == MiddleNameLevel.same.rawValue)
        #expect(upper[.givenName] == NameLevel.same.rawValue)
        let bare = levels("Nguyễn Thị Thuỷ", "Nguyen Thi Thuy")
        #expect(bare[.familyName] == NameLevel.marksDiffer.rawValue)
        #expect(bare[.middleName] == MiddleNameLevel.same.rawValue)
        #expect(bare[.givenName] == NameLevel.marksDiffer.rawValue)
    }

    @Test func dangWithEthOrWithoutMarks() {
        #expect(levels("Đặng Văn Lâm", "\u{00D0}ặng Văn Lâm")[.familyName] == NameLevel.same.rawValue)
        #expect(levels("Đặng Văn Lâm", "Dang Van Lam")[.familyName] == NameLevel.marksDiffer.rawValue)
        #expect(levels("Đặng Văn Lâm", "Dặng Văn Lâm")[.familyName] == NameLevel.marksDiffer.rawValue)
    }

    @Test func typosMissingMiddleNamesAndOtherNames() {
        #expect(levels("Trần Văn Hùng", "Trần Văn Hùnh")[.givenName] == NameLevel.oneEdit.rawValue)
        #expect(levels("Trần Văn Hùng", "Trần Văn Hugn")[.givenName] == NameLevel.oneEdit.rawValue, "two neighbours swapped are one edit")
        #expect(levels("Trần Văn Hùng", "Trần Văn Hưng")[.givenName] == NameLevel.marksDiffer.rawValue)
        #expect(levels("Trần Văn Hùng", "Trần Văn Hùngg")[.givenName] == NameLevel.oneEdit.rawValue)
        #expect(levels("Trần Văn Hùng", "Trần Văn Hoàng")[.givenName] == NameLevel.different.rawValue, "two edits apart in a short word are two names")
        #expect(levels("Trần Thị Phượng", "Trần Thị Fương")[.givenName] == NameLevel.twoEdits.rawValue)
        #expect(levels("Trần Văn Hùng", "Trần Văn Lan")[.givenName] == NameLevel.different.rawValue)
        #expect(levels("Trần Văn Hùng", "Trần Hùng")[.middleName] == MiddleNameLevel.missingOnOneSide.rawValue)
        #expect(levels("Trần Hùng", "Lê Hùng")[.middleName] == MiddleNameLevel.bothMissing.rawValue)
        #expect(levels("Trần Văn Hùng", "Trần Đức Hùng")[.middleName] == MiddleNameLevel.different.rawValue)
        #expect(levels("Hùng", "Trần Hùng")[.familyName] == NameLevel.missing.rawValue, "one word is a given name only")
    }

    @Test func twoCommonNamesALetterApartAreTwoNamesButARareSpellingIsATypo() {
        let twins = (0..<4).flatMap { i in
            [LinkageRecord(recordId: "y\(i)", fullName: "Vũ Thị Yến"), LinkageRecord(recordId: "u\(i)", fullName: "Vũ Thị Uyên")]
        }
        let records = PreparedRecords(twins + [LinkageRecord(recordId: "typo", fullName: "Vũ Thị Yếnn")])
        #expect(records.compare(0, 1)[.givenName] == NameLevel.otherCommonName.rawValue)
        #expect(records.compare(0, 8)[.givenName] == NameLevel.oneEdit.rawValue)
    }

    @Test func editDistanceCountsUpToItsLimit() {
        func d(_ a: String, _ b: String, _ limit: Int = 2) -> Int { EditDistance.bounded(Array(a.utf8), Array(b.utf8), limit: limit) }
        #expect(d("hung", "hung") == 0)
        #expect(d("hung", "hugn") == 1)
        #expect(d("hung", "hun") == 1)
        #expect(d("hung", "hoang") == 2)
        #expect(d("hung", "lan") == 3)
        #expect(d("nguyen", "ng", 2) == 3)
        #expect(d("", "ab") == 2)
    }

    @Test func theOnePassCheckForOneEditAgreesWithTheProgramme() {
        // Short words over a small alphabet, so that every kind of edit (and none) comes up often.
        var rng = SplitMix64(seed: 9)
        var seen: [Int: Int] = [:]
        var disagreements = 0
        var examples: [String] = []
        for _ in 0..<20_000 {
            let a = (0..<rng.int(0...6)).map { _ in UInt8(rng.int(97...99)) }
            var b = a
            switch rng.int(0...4) {
            case 0: if !b.isEmpty { b[rng.int(0...(b.count - 1))] = UInt8(rng.int(97...99)) }
            case 1: b.insert(UInt8(rng.int(97...99)), at: rng.int(0...b.count))
            case 2: if !b.isEmpty { b.remove(at: rng.int(0...(b.count - 1))) }
            case 3:
                if b.count >= 2 {
                    let i = rng.int(0...(b.count - 2))
                    b.swapAt(i, i + 1)
                }
            default: b = (0..<rng.int(0...6)).map { _ in UInt8(rng.int(97...99)) }
            }
            let fast = EditDistance.withinOne(a, b)
            if fast != EditDistance.programme(a, b, limit: 1) {
                disagreements += 1
                if examples.count < 5 { examples.append("\(a) \(b)") }
            }
            seen[fast, default: 0] += 1
        }
        #expect(disagreements == 0, "for example \(examples)")
        #expect(seen.keys.sorted() == [0, 1, 2])
    }
}
