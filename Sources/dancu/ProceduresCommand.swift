import ArgumentParser
import DanCuServices
import Foundation

/// The public-service catalogue from the command line: list what an installation offers, or check an
/// administrator's procedure files before `dancu serve` reads them.
struct ProceduresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procedures", abstract: "The public-service procedures: list them, or check a directory of procedure files.",
        subcommands: [List.self, Check.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the catalogue: the bundled 25, with a directory's files added or in their place.")
        @Option(help: "A directory of procedure files (or $DANCU_PROCEDURES).") var directory: String?

        func run() async throws {
            let directory = self.directory ?? ProcessInfo.processInfo.environment["DANCU_PROCEDURES"]
            let catalogue = try ProceduresCommand.load(directory)
            for p in catalogue.procedures {
                let number = p.essentialNumber.map { ($0 < 10 ? " " : "") + "\($0)" } ?? " -"
                // Steps that follow the same steps run side by side: "civil-status → commune-police + member-system".
                var depth: [String: Int] = [:]
                for step in p.steps { depth[step.id] = (step.after.compactMap { depth[$0] }.max() ?? -1) + 1 }
                let levels = Dictionary(grouping: p.steps, by: { depth[$0.id] ?? 0 }).sorted { $0.key < $1.key }
                let desks = levels.map { $0.value.map(\.desk.rawValue).joined(separator: " + ") }.joined(separator: " → ")
                print("\(number)  \(p.code)  \(p.processingDays) ngày làm việc  [\(desks)]  \(p.name.vi)")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a directory of procedure files; every mistake is named by file, field and reason.")
        @Argument(help: "The directory.") var directory: String

        func run() async throws {
            let catalogue = try ProceduresCommand.load(directory)
            print("\(catalogue.procedures.count) procedures: the catalogue is valid")
        }
    }

    static func load(_ directory: String?) throws -> ProcedureCatalogue {
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("'\(directory)' is not a directory of procedure files")
            }
        }
        do {
            return try ProcedureCatalogue.load(adding: directory.map { URL(fileURLWithPath: $0) })
        } catch let error as CatalogueError {
            throw ValidationError(error.description)
        }
    }
}
