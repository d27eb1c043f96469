import DanCuCore
import Testing

@testable import DanCuQuality

@Suite struct LinkageFileTests {
    @Test func columnsInAnyOrderWithExtraColumnsAndQuotes() throws {
        let file = try LinkageFile(header: "ward_code,dob,full_name,truth,record_id,sex,personal_number,province_code")
        let (record, fields) = try file.record("00004,1990-03,\"Nguyễn Văn, An\",P1,R1,M,001090123456,01", number: 2)
        #expect(record.recordId == "R1")
        #expect(record.fullName == "Nguyễn Văn, An")
        #expect(record.dateOfBirth == (try PartialDate(year: 1990, month: 3)))
        #expect(record.sex == .male)
        #expect(record.personalNumber == "001090123456")
        #expect(record.wardCode == "00004" && record.provinceCode == "01")
        #expect(file.column("truth").map { fields[$0] } == "P1")
        let sparse = try file.record(",1975,Lò Văn Pảng,,R2,,,", number: 3).record
        #expect(sparse.personalNumber == nil && sparse.sex == nil && sparse.wardCode == nil)
    }

    @Test func everyMistakeNamesItsLineAndColumn() throws {
        #expect(throws: LinkageFile.Problem(line: 1, column: "ward_code", message: "the header lacks the column(s) ward_code")) {
            try LinkageFile(header: "record_id,full_name,sex,dob,personal_number,province_code")
        }
        let file = try LinkageFile(header: LinkageFile.columns.joined(separator: ","))
        func problem(_ line: String) -> LinkageFile.Problem? {
            do {
                _ = try file.record(line, number: 7)
                return nil
            } catch { return error }
        }
        #expect(problem("R1,An,M,1990-02-30,,01,00004")?.column == "dob")
        #expect(problem("R1,An,X,1990,,01,00004")?.column == "sex")
        #expect(problem("R1,An,M,1990,00109012345A,01,00004")?.column == "personal_number")
        #expect(problem("R1,An,M,1990,0010901234567,01,00004")?.column == "personal_number")
        #expect(problem(",An,M,1990,,01,00004")?.column == "record_id")
        #expect(problem("R1,,M,1990,,01,00004")?.column == "full_name")
        #expect(problem("R1,An,M,1990,,01")?.message == "expected 7 fields as in the header, found 6")
        #expect(problem("R1,An,M,1990-02-30,,01,00004")?.line == 7)
    }
}

@Suite struct LinkageEvaluationTests {
    @Test func pairwiseAndClusterScoresCountPairs() {
        let truth = ["a": "1", "b": "1", "c": "1", "d": "2", "e": "3"]
        let pairwise = LinkageEvaluation.pairwise(truth: truth, predicted: [("a", "b"), ("b", "a"), ("c", "d")])
        #expect(pairwise == LinkageEvaluation.Scores(truePairs: 3, predictedPairs: 2, correctPairs: 1))
        #expect(pairwise.precision == 0.5)
        let clusters = LinkageEvaluation.clusters(truth: truth, clusters: ["a": "x", "b": "x", "c": "y", "d": "y", "e": "z"])
        #expect(clusters == LinkageEvaluation.Scores(truePairs: 3, predictedPairs: 2, correctPairs: 1))
    }
}

@Suite struct LinkageTestDataTests {
    @Test func theSameSeedGivesTheSameFileWithItsTruth() throws {
        var first = LinkageTestData(seed: 11, reference: .bundled, duplicateRate: 0.3)
        var second = LinkageTestData(seed: 11, reference: .bundled, duplicateRate: 0.3)
        let a = try first.rows(count: 1_500)
        let b = try second.rows(count: 1_500)
        #expect(a.map(\.record) == b.map(\.record) && a.map(\.entity) == b.map(\.entity))
        #expect(Set(a.map(\.record.recordId)).count == 1_500)
        let people = Dictionary(grouping: a, by: \.entity)
        let repeated = people.values.filter { $0.count > 1 }
        #expect(repeated.count > 150, "about three people in ten have copies")
        let spoilt = repeated.filter { Set($0.map(\.record)).count > 1 }
        #expect(spoilt.count == repeated.count, "every copy differs from its original somewhere")
        #expect(
            repeated.contains { group in
                group.contains { $0.record.fullName.unicodeScalars.allSatisfy(\.isASCII) }
                    && !group.allSatisfy { $0.record.fullName.unicodeScalars.allSatisfy(\.isASCII) }
            })
    }
}
