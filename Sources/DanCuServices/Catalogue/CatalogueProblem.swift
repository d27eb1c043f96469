/// A mistake in a catalogue file: which file, which field (a JSON pointer, RFC 6901: `/steps/2/after/0`)
/// and why. The server refuses to start on any, and prints them all.
public struct CatalogueProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let field: String
    public let reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(file): \(field.isEmpty ? "/" : field): \(reason)" }
}

/// Every mistake found in a catalogue, file by file.
public struct CatalogueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [CatalogueProblem]

    public init(_ problems: [CatalogueProblem]) { self.problems = problems }

    public var description: String {
        "the procedure catalogue has \(problems.count) mistake\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
