import ArgumentParser
import DanCuCore
import DanCuQuality
import Foundation

struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Record linkage: find the records of one file that are the same person.",
        subcommands: [LinkDedupe.self, LinkGenerate.self, LinkEvaluate.self])
}

struct LinkDedupe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Find duplicate people in a CSV file (record_id, full_name, sex, dob, personal_number, province_code, ward_code).")
    @Argument(help: "The input file.") var input: String
    @Option(help: "Where to write the pairs judged the same person.") var out: String
    @Option(help: "Where to write every record's cluster.") var clusters: String
    @Option(help: "The match probability at or above which a pair is the same person.") var threshold: Double = 0.9
    @Option(help: "Where to write the learnt model (JSON), to read or to reuse.") var model: String?
    @Flag(
        help: ArgumentHelp(
            "Count m on the generator's labelled pairs, as the register's review queue does, instead of learning it from this file.",
            discussion: "For files whose records share no personal numbers to learn from; u and the prior are still learnt from the file."))
    var labelledM = false

    func validate() throws {
        guard threshold > 0, threshold < 1 else { throw ValidationError("--threshold must be between 0 and 1 (exclusive)") }
    }

    func run() async throws {
        let started = Date()
        let rows = try LinkageInputReader.read(input)
        let records = rows.map(\.record)
        log("read \(records.count) records in \(Self.seconds(since: started))")
        var stageStart = Date()
        var lastStage: Deduplication.Stage?
        let knownM = labelledM ? try DuplicateQueue.labelledM(reference: .bundled) : nil
        let result = Deduplication(threshold: threshold, knownM: knownM).run(records) { stage in
            if let lastStage { log("\(lastStage.rawValue): \(Self.seconds(since: stageStart))") }
            lastStage = stage
            stageStart = Date()
        }
        if let lastStage { log("\(lastStage.rawValue): \(Self.seconds(since: stageStart))") }
        var pairs = "record_id_a,record_id_b,match_probability,match_weight,explanation\n"
        for pair in result.pairs {
            pairs += records[pair.a].recordId + "," + records[pair.b].recordId + ","
            pairs += String(format: "%.6f,%.3f,", pair.probability, pair.weight)
            pairs += LinkageFile.quoted(pair.explanation.english) + "\n"
        }
        var clusterText = "record_id,cluster_id\n"
        for (index, cluster) in result.clusters.enumerated() {
            clusterText += records[index].recordId + "," + records[cluster].recordId + "\n"
        }
        try Self.write(pairs, to: out)
        try Self.write(clusterText, to: clusters)
        if let model {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try Self.write(String(decoding: try encoder.encode(result.model), as: UTF8.self) + "\n", to: model)
        }
        let clusterCount = Set(result.clusters).count
        print(
            "\(records.count) records, \(result.candidateCount) pairs compared, \(result.pairs.count) pairs at or above \(threshold), "
                + "\(clusterCount) clusters; \(Self.seconds(since: started))")
        for (rule, size) in result.oversizedBlocks.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            print("note: \(size) records sat in blocks too large to compare by \"\(rule.description)\"; other rules compared them")
        }
    }

    static func write(_ text: String, to path: String) throws {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func seconds(since start: Date) -> String { String(format: "%.2f s", Date().timeIntervalSince(start)) }
}

private func log(_ line: String) {
    FileHandle.standardError.write(Data(("link: " + line + "\n").utf8))
}

/// Reads a linkage file whole, or fails with every problem (up to twenty) by line number and writes nothing.
enum LinkageInputReader {
    static func read(_ path: String) throws -> [(record: LinkageRecord, fields: [String])] {
        // Linkage holds the whole file in memory anyway; reading it at once is several times faster
        // than line by line.
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        var file: LinkageFile?
        var rows: [(record: LinkageRecord, fields: [String])] = []
        var problems: [String] = []
        var ids: [String: Int] = [:]
        var bad = 0
        for (number, content) in Self.lines(data) {
            let text: String
            switch content {
            case .text(let t): text = t
            case .tooLong:
                bad += 1
                if problems.count < 20 { problems.append("\(path):\(number): the line is longer than any record can be") }
                continue
            case .notUTF8:
                bad += 1
                if problems.count < 20 { problems.append("\(path):\(number): the line is not UTF-8") }
                continue
            }
            guard let reader = file else {
                do { file = try LinkageFile(header: text) } catch {
                    throw ValidationError("\(path):\(error.line): \(error.column ?? "header"): \(error.message)")
                }
                continue
            }
            if text.allSatisfy({ $0.isWhitespace }) { continue }
            do {
                let row = try reader.record(text, number: number)
                if let earlier = ids[row.record.recordId] {
                    bad += 1
                    if problems.count < 20 { problems.append("\(path):\(number): record_id: '\(row.record.recordId)' was already used on line \(earlier)") }
                    continue
                }
                ids[row.record.recordId] = number
                rows.append(row)
            } catch {
                bad += 1
                if problems.count < 20 { problems.append("\(path):\(error.line): \(error.column ?? "record"): \(error.message)") }
            }
        }
        guard file != nil else { throw ValidationError("\(path): the file is empty; it needs a header line") }
        guard bad == 0 else {
            for p in problems { FileHandle.standardError.write(Data((p + "\n").utf8)) }
            throw ValidationError(
                "\(bad) line(s) of \(path) cannot be read\(bad > problems.count ? " (the first \(problems.count) shown)" : ""); nothing was written")
        }
        return rows
    }
}

extension LinkageInputReader {
    /// The file's lines, numbered from 1, as the line reader judges them (too long, not UTF-8).
    static func lines(_ data: Data) -> [(Int, LineReader.Content)] {
        var lines: [(Int, LineReader.Content)] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var number = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                number += 1
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if slice.count > LineReader.maximumLineBytes {
                    lines.append((number, .tooLong))
                } else if let text = String(validating: slice, as: UTF8.self) {
                    lines.append((number, .text(text)))
                } else {
                    lines.append((number, .notUTF8))
                }
                start = end + 1
            }
        }
        return lines
    }
}

struct LinkGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a test file of synthetic people with spoilt duplicates and the truth (column true_entity_id).")
    @Option(help: "How many records.") var records: Int = 20_000
    @Option(help: "The seed: the same seed gives the same file.") var seed: UInt64 = 1
    @Option(help: "The share of people with at least one more record.") var duplicateRate: Double = 0.1
    @Option(help: "The share of records carrying a personal number.") var numberShare: Double = 0.8
    @Option(help: "The file to write.") var out: String

    func validate() throws {
        guard records > 0 else { throw ValidationError("--records must be positive") }
        guard (0...1).contains(duplicateRate) else { throw ValidationError("--duplicate-rate must be between 0 and 1") }
        guard (0...1).contains(numberShare) else { throw ValidationError("--number-share must be between 0 and 1") }
    }

    func run() async throws {
        var generator = LinkageTestData(seed: seed, reference: .bundled, duplicateRate: duplicateRate, numberShare: numberShare)
        let rows = try generator.rows(count: records)
        var text = LinkageFile.columns.joined(separator: ",") + ",true_entity_id\n"
        text.reserveCapacity(records * 90)
        for row in rows {
            let r = row.record
            let fields = [
                r.recordId, r.fullName, r.sex.map { $0 == .male ? "M" : "F" } ?? "", r.dateOfBirth?.description ?? "", r.personalNumber ?? "",
                r.provinceCode ?? "", r.wardCode ?? "", row.entity,
            ]
            text += fields.map(LinkageFile.quoted).joined(separator: ",") + "\n"
        }
        try LinkDedupe.write(text, to: out)
        let people = Set(rows.map(\.entity)).count
        print("wrote \(rows.count) records of \(people) people to \(out)")
    }
}

struct LinkEvaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a deduplication's pairs and clusters against a file's truth column.")
    @Option(help: "The input file with its truth column.") var truth: String
    @Option(help: "The truth column's name.") var truthColumn: String = "true_entity_id"
    @Option(help: "The pairs file (record_id_a, record_id_b, match_probability).") var pairs: String
    @Option(help: "The clusters file (record_id, cluster_id).") var clusters: String
    @Option(help: "Count only pairs at or above this probability.") var threshold: Double = 0
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let truthTable = try Self.table(truth)
        guard let idColumn = truthTable.column("record_id"), let entityColumn = truthTable.column(truthColumn) else {
            throw ValidationError("\(truth) needs the columns record_id and \(truthColumn)")
        }
        var truthMap: [String: String] = [:]
        for row in truthTable.rows { truthMap[row[idColumn]] = row[entityColumn] }
        let pairTable = try Self.table(pairs)
        guard let a = pairTable.column("record_id_a"), let b = pairTable.column("record_id_b"), let p = pairTable.column("match_probability") else {
            throw ValidationError("\(pairs) needs the columns record_id_a, record_id_b and match_probability")
        }
        let predicted = pairTable.rows.compactMap { row -> (String, String)? in
            guard let probability = Double(row[p]), probability >= threshold else { return nil }
            return (row[a], row[b])
        }
        let clusterTable = try Self.table(clusters)
        guard let r = clusterTable.column("record_id"), let c = clusterTable.column("cluster_id") else {
            throw ValidationError("\(clusters) needs the columns record_id and cluster_id")
        }
        var clusterMap: [String: String] = [:]
        for row in clusterTable.rows { clusterMap[row[r]] = row[c] }
        let pairwise = LinkageEvaluation.pairwise(truth: truthMap, predicted: predicted)
        let clustered = LinkageEvaluation.clusters(truth: truthMap, clusters: clusterMap)
        if json {
            func fields(_ s: LinkageEvaluation.Scores) -> String {
                String(
                    format: "{\"precision\": %.5f, \"recall\": %.5f, \"f1\": %.5f, \"true_pairs\": %d, \"predicted_pairs\": %d, \"correct_pairs\": %d}",
                    s.precision, s.recall, s.f1, s.truePairs, s.predictedPairs, s.correctPairs)
            }
            print("{\"pairwise\": \(fields(pairwise)), \"clusters\": \(fields(clustered))}")
        } else {
            for (name, s) in [("pairwise", pairwise), ("clusters", clustered)] {
                print(
                    String(
                        format: "%@: precision %.4f, recall %.4f, F1 %.4f (%d true pairs, %d predicted, %d correct)", name, s.precision, s.recall, s.f1,
                        s.truePairs, s.predictedPairs, s.correctPairs))
            }
        }
    }

    static func table(_ path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        return CSVTable(text: String(decoding: data, as: UTF8.self))
    }
}
