import DanCuCore
import DanCuRegister
import Testing

@testable import DanCuQuality

@Suite struct DeduplicationTests {
    static func generated(_ count: Int, seed: UInt64) throws -> [LinkageTestData.Row] {
        var generator = LinkageTestData(seed: seed, reference: .bundled, duplicateRate: 0.15)
        return try generator.rows(count: count)
    }

    @Test func findsSpoiltDuplicatesOfAGeneratedFileWithHighPrecisionAndRecall() throws {
        let rows = try Self.generated(4_000, seed: 3)
        let result = Deduplication(uSample: 300_000).run(rows.map(\.record))
        let truth = Dictionary(uniqueKeysWithValues: rows.map { ($0.record.recordId, $0.entity) })
        let pairs = result.pairs.map { (rows[$0.a].record.recordId, rows[$0.b].record.recordId) }
        let pairwise = LinkageEvaluation.pairwise(truth: truth, predicted: pairs)
        let clusters = LinkageEvaluation.clusters(
            truth: truth, clusters: Dictionary(uniqueKeysWithValues: result.clusters.enumerated().map { (rows[$0.offset].record.recordId, String($0.element)) })
        )
        #expect(pairwise.truePairs > 300, "the file has duplicates to find")
        #expect(pairwise.precision > 0.95 && pairwise.recall > 0.95, "\(pairwise)")
        #expect(clusters.f1 > 0.95, "\(clusters)")
        #expect(result.candidateCount < 4_000 * 3_999 / 2 / 50, "blocking compares far fewer than all pairs: \(result.candidateCount)")
    }

    @Test func twinsAndTheirHouseholdAreNotOnePersonButTheirCopiesAre() throws {
        var records = try Self.generated(3_000, seed: 5).map(\.record)
        let home = (province: "01", ward: "00004")
        func person(_ id: String, _ name: String, _ sex: Sex, _ dob: String, _ number: String?) throws -> LinkageRecord {
            LinkageRecord(
                recordId: id, fullName: name, sex: sex, dateOfBirth: try PartialDate(iso: dob), personalNumber: number, provinceCode: home.province,
                wardCode: home.ward)
        }
        records += [
            try person("father", "Khúc Văn Thành", .male, "1980-04-02", "001080000111"),
            try person("mother", "Lạc Thị Hoa", .female, "1982-09-15", "001182000222"),
            try person("twin-1", "Khúc Minh Khang", .male, "2012-06-10", "001212000333"),
            try person("twin-2", "Khúc Minh Khoa", .male, "2012-06-10", nil),
            try person("twin-1-copy", "Khuc Minh Khang", .male, "2012-10-06", nil),
            try person("twin-2-copy", "KHÚC MINH KHOA", .male, "2012", nil),
        ]
        let result = Deduplication(uSample: 300_000).run(records)
        let index = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($0.element.recordId, $0.offset) })
        func cluster(_ id: String) -> Int { index[id].map { result.clusters[$0] } ?? -1 }
        #expect(cluster("twin-1") != cluster("twin-2"), "twins are two people")
        #expect(cluster("twin-1") == cluster("twin-1-copy"))
        #expect(cluster("twin-2") == cluster("twin-2-copy"))
        #expect(cluster("father") != cluster("twin-1") && cluster("father") != cluster("mother"))
    }

    @Test func theExplanationListsTheFieldsThatDroveTheScoreStrongestFirst() throws {
        var records = try Self.generated(2_000, seed: 9).map(\.record)
        records += [
            LinkageRecord(
                recordId: "a", fullName: "Quách Thị Mận", sex: .female, dateOfBirth: try PartialDate(iso: "1961-11-23"), personalNumber: "038161004321",
                provinceCode: "38", wardCode: "14836"),
            LinkageRecord(
                recordId: "b", fullName: "Quach Thi Mạn", sex: .female, dateOfBirth: try PartialDate(iso: "1961-11-23"), personalNumber: nil,
                provinceCode: "38", wardCode: "15013"),
        ]
        let result = Deduplication(uSample: 200_000).run(records)
        let pair = try #require(result.pairs.first { records[$0.a].recordId == "a" && records[$0.b].recordId == "b" })
        let evidence = pair.explanation.evidence
        #expect(zip(evidence, evidence.dropFirst()).allSatisfy { abs($0.weight) >= abs($1.weight) })
        #expect(evidence.first?.field == .dateOfBirth || evidence.first?.field == .familyName, "\(pair.explanation.english)")
        let words = pair.explanation.english
        #expect(words.contains("same date of birth"))
        #expect(words.contains("given names differ only in diacritics"))
        #expect(words.contains("family names differ only in diacritics"))
        #expect(words.contains("different wards of the same province"))
        #expect(!words.contains("personal number"), "a number missing on one side says nothing: \(words)")
        #expect(pair.explanation.vietnamese.contains("cùng ngày sinh"))
        #expect(abs(evidence.reduce(result.model.priorWeight) { $0 + $1.weight } - pair.weight) < 1e-9, "the evidence adds up to the score")
    }

    @Test func aPlaceholderDateDoesNotMakeAnUnboundedBlock() throws {
        let records = (0..<300).map {
            LinkageRecord(recordId: "r\($0)", fullName: "Người Số \($0)", sex: .male, dateOfBirth: try? PartialDate(iso: "1900-01-01"))
        }
        let result = Deduplication(uSample: 10_000, maximumBlock: 100).run(records)
        #expect(result.oversizedBlocks[.dateAndSex] == 300)
        #expect(result.candidateCount == 0)
    }
}
