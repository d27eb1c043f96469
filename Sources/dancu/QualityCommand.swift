import ArgumentParser
import DanCuAccess
import DanCuCore
import DanCuQuality
import DanCuRegister
import Foundation

struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Data quality: đúng, đủ, sạch, sống (correct, complete, clean, live).",
        subcommands: [QualityReport.self])
}

struct QualityReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Measure every record and print the shares per nation and province (or one province's wards).")
    @OptionGroup var db: PlatformOptions
    @Option(help: "Show this province's wards (a current province code, e.g. 01).") var province: String?
    @Flag(help: "Print JSON: the nation, every province and every ward.") var json = false

    func run() async throws {
        let desk = try await SystemDesk.open(db, job: "quality", purpose: .dataQuality)
        do {
            let measured = try await Self.measure(desk)
            if json {
                print(Self.json(measured, reference: desk.register.reference))
            } else {
                print(Self.text(measured, province: province, reference: desk.register.reference))
            }
            await desk.close()
        } catch {
            await desk.close()
            throw error
        }
    }

    struct Measured {
        var nation = QualityTally()
        var provinces: [String: QualityTally] = [:]
        var wards: [String: QualityTally] = [:]
        var seconds = 0.0
    }

    static func measure(_ desk: SystemDesk) async throws -> Measured {
        let total = try await desk.register.count()
        var progress = Progress(total: total, label: "quality")
        let context = QualityContext(today: desk.register.today(), reference: desk.register.reference)
        var measured = Measured()
        var after: String?
        var done = 0
        while true {
            let page = try await desk.gate.qualityScan(after: after, limit: 10_000, for: desk.request)
            guard let last = page.last else { break }
            for person in page {
                let quality = QualityAssessment.assess(person, context)
                measured.nation.add(quality)
                let place = person.currentResidence ?? person.temporaryResidence?.place ?? person.permanentResidence?.place
                let province = place?.unitList == .current ? place?.provinceCode ?? "" : ""
                measured.provinces[province, default: QualityTally()].add(quality)
                if let ward = place?.wardCode, place?.unitList == .current { measured.wards[ward, default: QualityTally()].add(quality) }
            }
            done += page.count
            after = last.personalNumber.rawValue
            progress.update(done)
        }
        progress.finish(done)
        measured.seconds = progress.elapsed
        return measured
    }

    static func percent(_ share: Double) -> String { String(format: "%5.1f%%", 100 * share) }

    static func row(_ label: String, _ t: QualityTally) -> String {
        label.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%9d", t.records) + "  "
            + QualityDimension.allCases.map { percent(t.share($0)) }.joined(separator: "  ") + "  " + percent(t.meanCompleteness)
    }

    static func text(_ m: Measured, province: String?, reference: ReferenceData) -> String {
        var lines = [
            "measured \(m.nation.records) records in \(String(format: "%.1f", m.seconds)) s",
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

    static func json(_ m: Measured, reference: ReferenceData) -> String {
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
