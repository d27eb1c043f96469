import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
import DanCuEID
// The bench measures the register's raw reads as the reference the gate's cost is judged against.
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation

/// Whether a failed eID sign-in tells, by its time, if the account exists: for bench/enumeration.sh.
struct Enumeration: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enumeration", abstract: "Time failed sign-ins: an unknown number, a known one with a wrong password, a known one waiting.")
    @Option var database: String
    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var trials: Int = 150
    @Option(help: "bcrypt cost, as deployed (12).") var cost: Int = 12

    func run() async throws {
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory, bcryptCost: UInt8(clamping: cost)))
        guard let cards = platform.services.cards?.office, let strict = platform.services.eid else { throw ValidationError("no CSCA in \(dataDirectory)") }
        let register = platform.register
        let gate = platform.gate
        let store = register.store
        let hasher = PasswordHasher(cost: UInt8(clamping: cost))
        var patient = EIDService.Policy()
        patient.freeFailures = Int.max / 2  // never waits: each wrong password runs bcrypt against the real hash
        // The platform's service as deployed, and beside it one that never makes a source wait.
        let eid = EIDService(store: store, cards: cards, gate: gate, hasher: hasher, policy: patient)
        let known = try await OIDC.holder(register: register, gate: gate, cards: cards, eid: eid, database: database).subject
        let waiting = try await OIDC.holder(register: register, gate: gate, cards: cards, eid: eid, database: database).subject
        for _ in 0..<6 { _ = try? await strict.authenticate(waiting, password: "wrong password, again") }
        let unknown = try await unusedNumber(register)

        // Interleaved, so that the machine's drift falls on every case alike.
        var times: [String: [Double]] = ["unknown account": [], "known, wrong password": [], "known, waiting after failures": []]
        for trial in 0..<trials {
            let order: [(String, String, EIDService)] = [
                ("unknown account", unknown, eid), ("known, wrong password", known, eid),
                ("known, waiting after failures", waiting, strict),
            ]
            for (name, subject, service) in trial % 2 == 0 ? order : order.reversed() {
                let started = DispatchTime.now().uptimeNanoseconds
                do { _ = try await service.authenticate(subject, password: "wrong password \(trial)") } catch EIDError.authenticationFailed {} catch {
                    throw ValidationError("\(name): expected authenticationFailed, got \(error)")
                }
                times[name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            }
        }
        let reference = percentile(times["unknown account"] ?? [], 0.5)
        print(String(format: "bcrypt cost %d, %d interleaved trials of each", cost, trials))
        for name in ["unknown account", "known, wrong password", "known, waiting after failures"] {
            let values = times[name] ?? []
            let median = percentile(values, 0.5)
            let label = name.padding(toLength: 30, withPad: " ", startingAt: 0)
            print(
                label
                    + String(
                        format: " median %7.2f ms  p10 %7.2f  p90 %7.2f  ratio to unknown %.3f", median, percentile(values, 0.1),
                        percentile(values, 0.9), median / reference))
        }
        await platform.close()
    }

    /// A well-formed personal number that nobody in the register holds.
    func unusedNumber(_ register: Register) async throws -> String {
        for serial in 900_000..<999_999 {
            let text = "001085" + String(serial)
            guard let number = try? PersonalNumber(text) else { continue }
            if (try? await register.person(number)) == nil { return number.rawValue }
        }
        throw ValidationError("no unused personal number found")
    }
}
