import ArgumentParser
import DanCuRegister
import DanCuStore
import Foundation

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counts by province, sex and age band.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let register = try await db.openRegister()
        let summary = try await register.statistics(onYear: register.today().year)
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
        await register.store.close()
    }
}
