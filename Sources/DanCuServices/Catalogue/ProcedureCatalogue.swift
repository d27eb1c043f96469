public import Foundation

/// The procedures an installation offers: the 25 essential ones bundled with DanCu, and an
/// administrator's own files, which add procedures or replace a bundled one of the same code. Read and
/// checked whole at start-up: one mistake in any file and the catalogue is refused, with every
/// mistake named.
public struct ProcedureCatalogue: Sendable {
    public let procedures: [Procedure]
    private let byCode: [String: Procedure]

    public init(_ procedures: [Procedure]) throws(CatalogueError) {
        var byCode: [String: Procedure] = [:]
        var problems: [CatalogueProblem] = []
        var numbers: [Int: String] = [:]
        for procedure in procedures {
            if byCode[procedure.code] != nil {
                problems.append(CatalogueProblem(file: procedure.code, field: "/code", reason: "two procedures have the code '\(procedure.code)'"))
            }
            if let number = procedure.essentialNumber {
                if let other = numbers[number] {
                    problems.append(
                        CatalogueProblem(
                            file: procedure.code, field: "/essentialNumber", reason: "\(number) is the number of both '\(other)' and '\(procedure.code)'"))
                }
                numbers[number] = procedure.code
            }
            byCode[procedure.code] = procedure
        }
        guard problems.isEmpty else { throw CatalogueError(problems) }
        self.procedures = procedures.sorted { ($0.essentialNumber ?? 1_000, $0.code) < ($1.essentialNumber ?? 1_000, $1.code) }
        self.byCode = byCode
    }

    public func procedure(_ code: String) -> Procedure? { byCode[code] }

    /// The bundled catalogue, with the files of `directory` (an administrator's) added or put in place
    /// of the bundled procedure of the same code.
    public static func load(adding directory: URL? = nil) throws -> ProcedureCatalogue {
        var procedures = try bundled.get()
        if let directory {
            let own = try read(directory: directory)
            let replaced = Set(own.map(\.code))
            procedures = procedures.filter { !replaced.contains($0.code) } + own
        }
        return try ProcedureCatalogue(procedures)
    }

    /// The bundled procedures, read once a process: they are part of the build.
    private static let bundled = Result {
        guard let directory = bundledDirectory else {
            throw CatalogueError([CatalogueProblem(file: "procedures", field: "", reason: "the bundled catalogue is missing from the build")])
        }
        return try read(directory: directory)
    }

    /// Where the bundled procedure files are.
    public static var bundledDirectory: URL? { Bundle.module.url(forResource: "procedures", withExtension: nil) }

    /// Every `.json` file of `directory`, each read and checked; all mistakes of all files together.
    public static func read(directory: URL) throws -> [Procedure] {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var procedures: [Procedure] = []
        var problems: [CatalogueProblem] = []
        for file in files {
            do {
                let data = try Data(contentsOf: file)
                procedures.append(try Procedure.read(data, file: file.lastPathComponent))
            } catch let error as CatalogueError {
                problems += error.problems
            } catch {
                problems.append(CatalogueProblem(file: file.lastPathComponent, field: "", reason: "cannot be read: \(error.localizedDescription)"))
            }
        }
        guard problems.isEmpty else { throw CatalogueError(problems) }
        return procedures
    }
}
