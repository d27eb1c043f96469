import ArgumentParser
import DanCuApp
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counts by province, sex and age band.")
    @OptionGroup var db: PlatformOptions

    func run() async throws {
        let platform = try await db.open()
        // Aggregates only: counts, no person.
        let register = platform.register
        let summary: RegisterStatistics
        do { summary = try await register.statistics(onYear: register.today().year) } catch {
            await platform.close()
            throw error
        }
        let units = register.reference.units
        print("people: \(summary.total) (alive \(summary.alive))")
        print("\nby province:")
        for (code, n) in summary.byProvince {
            print("  \(code) \(units.province(code)?.shortName ?? "unknown")".padding(toLength: 30, withPad: " ", startingAt: 0) + "\(n)")
        }
        print("\nby sex:")
        for (sex, n) in summary.bySex { print("  \(sex)".padding(toLength: 30, withPad: " ", startingAt: 0) + "\(n)") }
        print("\nby age band (alive):")
        for (band, n) in summary.byAgeBand { print("  \(band)".padding(toLength: 30, withPad: " ", startingAt: 0) + "\(n)") }
        let adults = summary.byMaritalStatus.reduce(0) { $0 + $1.1 }
        print("\nby marital status (alive, 15 and over):")
        for (status, n) in summary.byMaritalStatus {
            print(
                "  \(MaritalStatus(rawValue: status)?.vietnamese ?? status)".padding(toLength: 30, withPad: " ", startingAt: 0)
                    + "\(n)  \(Self.percent(n, of: adults))")
        }
        let names = Dictionary(register.reference.ethnicities.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        print("\nby ethnicity (alive, the ten largest):")
        for (code, n) in summary.byEthnicity.prefix(10) {
            print("  \(code) \(names[code] ?? "")".padding(toLength: 30, withPad: " ", startingAt: 0) + "\(n)  \(Self.percent(n, of: summary.alive))")
        }
        print("\nby religion (alive):")
        for (religion, n) in summary.byReligion {
            print("  \(religion)".padding(toLength: 30, withPad: " ", startingAt: 0) + "\(n)  \(Self.percent(n, of: summary.alive))")
        }
        await platform.close()
    }

    static func percent(_ n: Int, of total: Int) -> String {
        String(format: "%.1f %%", 100 * Double(n) / Double(max(1, total)))
    }
}
