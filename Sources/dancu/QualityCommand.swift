import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuQuality
import DanCuRegister
import Foundation

struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Data quality: đúng, đủ, sạch, sống (correct, complete, clean, live).",
        subcommands: [QualityReport.self, QualityDuplicates.self])
}

struct QualityReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Measure every record, store the scores, and print the shares per nation and province (or one province's wards).")
    @OptionGroup var db: PlatformOptions
    @Option(help: "Show this province's wards (a current province code, e.g. 01).") var province: String?
    @Flag(help: "Print JSON: the nation, every province and every ward.") var json = false
    @Flag(help: "Report the stored scores, brought up to date by the life events since, instead of measuring everyone again.")
    var stored = false

    func run() async throws {
        try await db.withPlatform { platform in
            let quality = platform.quality
            let started = Date()
            if stored {
                while try await quality.catchUp() > 0 {}
            } else {
                var progress = Progress(total: try await platform.register.count(), label: "quality")
                let done = try await quality.recomputeAll { progress.update($0) }
                progress.finish(done)
            }
            let figures = try await quality.figures()
            if stored && figures.nation.records == 0 {
                throw ValidationError("no scores stored yet: run `dancu quality report` without --stored once")
            }
            let seconds = Date().timeIntervalSince(started)
            let reference = platform.register.reference
            print(
                json
                    ? Self.json(figures, reference: reference)
                    : Self.text(figures, seconds: seconds, province: province, reference: reference, stored: stored))
        }
    }

    static func percent(_ share: Double) -> String { String(format: "%5.1f%%", 100 * share) }

    static func row(_ label: String, _ t: QualityTally) -> String {
        label.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%9d", t.records) + "  "
            + QualityDimension.allCases.map { percent(t.share($0)) }.joined(separator: "  ") + "  " + percent(t.meanCompleteness)
    }

    static func text(_ m: QualityFigures, seconds: Double, province: String?, reference: ReferenceData, stored: Bool) -> String {
        var lines = [
            "\(stored ? "stored scores of" : "measured") \(m.nation.records) records in \(String(format: "%.1f", seconds)) s",
            "",
            "".padding(toLength: 28, withPad: " ", startingAt: 0) + "  records    đúng     đủ    sạch    sống  fields",
            row("Cả nước (nation)", m.nation),
            "",
        ]
        if let province {
            let wards = m.wards.filter { reference.units.ward($0.key)?.provinceCode == province }.sorted { $0.key < $1.key }
            lines.append("wards of \(reference.units.province(province)?.name ?? province):")
            lines += wards.map { row("  \($0.key) \(reference.units.ward($0.key)?.name ?? "")", $0.value) }
        } else {
            lines.append("by province (where people live):")
            lines += m.provinces.sorted { $0.key < $1.key }.map {
                row("  \($0.key.isEmpty ? "--" : $0.key) \(reference.units.province($0.key)?.shortName ?? "no current residence")", $0.value)
            }
        }
        lines += ["", "records breaking each rule (nation):"]
        for rule in QualityRule.allCases {
            let n = m.nation.breaking[rule] ?? 0
            lines.append(
                "  \(rule.dimension.vietnamese.padding(toLength: 5, withPad: " ", startingAt: 0)) \(rule.rawValue.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(format: "%9d", n))  \(rule.english)"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ m: QualityFigures, reference: ReferenceData) -> String {
        func object(_ t: QualityTally) -> [String: Any] {
            var shares: [String: Double] = [:]
            for d in QualityDimension.allCases { shares[d.rawValue] = (t.share(d) * 10_000).rounded() / 10_000 }
            var rules: [String: Int] = [:]
            for (rule, n) in t.breaking { rules[rule.rawValue] = n }
            return [
                "records": t.records, "shares": shares, "meanCompleteness": (t.meanCompleteness * 10_000).rounded() / 10_000, "breaking": rules,
            ]
        }
        let document: [String: Any] = [
            "nation": object(m.nation),
            "provinces": m.provinces.sorted { $0.key < $1.key }.map {
                ["code": $0.key, "name": reference.units.province($0.key)?.name ?? ""].merging(object($0.value)) { a, _ in a }
            },
            "wards": m.wards.sorted { $0.key < $1.key }.map {
                ["code": $0.key, "province": reference.units.ward($0.key)?.provinceCode ?? "", "name": reference.units.ward($0.key)?.name ?? ""].merging(
                    object($0.value)
                ) { a, _ in a }
            },
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

struct QualityDuplicates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Run record linkage over the whole register and queue the suspected duplicates for review.")
    @OptionGroup var db: PlatformOptions
    @Option(help: "The match probability at or above which a pair is queued.") var threshold: Double = DuplicateQueue.registerThreshold

    func validate() throws {
        guard threshold > 0, threshold < 1 else { throw ValidationError("--threshold must be between 0 and 1 (exclusive)") }
    }

    func run() async throws {
        try await db.withPlatform { platform in
            let queue = platform.duplicates
            let before = try await queue.suspectedPeople()
            let started = Date()
            let scan = try await queue.scan(threshold: threshold)
            let after = try await queue.suspectedPeople()
            // Whoever became or stopped being suspected is measured again (the sạch rule).
            try await platform.quality.remeasure(Array(before.symmetricDifference(after)).sorted())
            print(
                "\(scan.people) people, \(scan.compared) pairs compared, \(scan.suspected) suspected at or above \(threshold); "
                    + "\(scan.open) open in the review queue; \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            for (province, n) in try await queue.openByProvince().sorted(by: { $0.key < $1.key }) {
                print(
                    "  \(province.isEmpty ? "--" : province) \(platform.register.reference.units.province(province)?.shortName ?? "no current residence"): \(n)"
                )
            }
        }
    }
}
