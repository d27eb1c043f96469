import ArgumentParser
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "Read people in the register.",
                                                    subcommands: [Show.self, History.self, Search.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a person's current record (or as of a date).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The 12-digit personal number.") var number: String
        @Option(help: "Show the record as it was valid on this date (YYYY-MM-DD).") var asOf: String?

        func run() async throws {
            let n: PersonalNumber
            do { n = try PersonalNumber(number) } catch { throw ValidationError("personal number: \(error)") }
            let date: LocalDate?
            do { date = try asOf.map { try LocalDate(iso: $0) } } catch { throw ValidationError("--as-of: \(error)") }
            let register = try await db.openRegister()
            defer { Task { await register.store.close() } }
            let encoder = PersonCodec.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            do {
                if let date {
                    guard let p = try await register.person(n, validOn: date) else {
                        throw ValidationError("\(n) was not in the register on \(date)")
                    }
                    print(String(decoding: try encoder.encode(p), as: UTF8.self))
                } else {
                    let v = try await register.person(n)
                    print("version \(v.version)")
                    print(String(decoding: try encoder.encode(v.person), as: UTF8.self))
                }
            } catch let error as RegisterError {
                throw ValidationError(error.description)
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a person's life events.")
        @OptionGroup var db: DatabaseOptions
        @Argument var number: String

        func run() async throws {
            let n: PersonalNumber
            do { n = try PersonalNumber(number) } catch { throw ValidationError("personal number: \(error)") }
            let register = try await db.openRegister()
            do {
                for e in try await register.history(n) {
                    print("\(e.validFrom)  \(e.kind)  recorded \(WallClock.iso(micros: e.recordedAt)) by \(e.officer)\(e.reason.map { " (\($0))" } ?? "")")
                }
            } catch let error as RegisterError { throw ValidationError(error.description) }
            await register.store.close()
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search by name (diacritics and case ignored), birth year and ward.")
        @OptionGroup var db: DatabaseOptions
        @Argument var name: String
        @Option var birthYear: Int?
        @Option var ward: String?
        @Option var limit: Int = 20

        func run() async throws {
            let register = try await db.openRegister()
            do {
                for h in try await register.search(PersonSearch(name: name, birthYear: birthYear, wardCode: ward, limit: limit)) {
                    print("\(h.personalNumber)  \(h.fullName)  \(h.birthYear)  \(h.sex)  ward \(h.wardCode ?? "-")  \(h.vitalStatus)")
                }
            } catch let error as RegisterError { throw ValidationError(error.description) }
            await register.store.close()
        }
    }
}
