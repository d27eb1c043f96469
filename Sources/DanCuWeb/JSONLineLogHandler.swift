import DanCuRegister
import DanCuStore
import Foundation
public import Logging
import Synchronization

/// Structured logs: one JSON object a line on standard error, with the time, level, label, message and
/// every metadata value as a member.
///
/// Metadata is kept as it was given and written out only when a line is logged. swift-log's
/// `StreamLogHandler` formats its whole metadata again each time a value is set, and the server sets
/// three on every request (Hummingbird's request id, DanCu's request id, the officer), nearly always
/// to log nothing: that formatting was about 4 % of a person read's CPU time.
public struct JSONLineLogHandler: LogHandler {
    /// Room for the few values a request sets (Hummingbird's request id, DanCu's, the officer), so a
    /// request's copy of the server's logger grows without rehashing.
    public var metadata = Logger.Metadata(minimumCapacity: 8)
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LineSink

    /// A handler for `Logger(label:factory:)` writing to `sink` (standard error by default).
    public static func factory(sink: LineSink = .standardError) -> @Sendable (String) -> any LogHandler {
        { label in JSONLineLogHandler(label: label, sink: sink) }
    }

    public init(label: String, sink: LineSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let explicit { all.merge(explicit) { _, new in new } }
        var out =
            "{\"ts\":" + Self.quoted(WallClock.iso(micros: WallClock.nowMicros())) + ",\"level\":" + Self.quoted(level.rawValue)
            + ",\"label\":" + Self.quoted(label) + ",\"msg\":" + Self.quoted(message.description)
        for key in all.keys.sorted() {
            guard let value = all[key], !["ts", "level", "label", "msg"].contains(key) else { continue }
            out += "," + Self.quoted(key) + ":" + Self.json(value)
        }
        out += "}\n"
        sink.write(out)
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): quoted(s)
        case .stringConvertible(let c): quoted(c.description)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let members):
            "{" + members.keys.sorted().compactMap { k in members[k].map { quoted(k) + ":" + json($0) } }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String { PersonJSONWriter.quoted(text) }
}

/// Where log lines go: standard error, or a buffer a test reads back. Lines are written whole.
public final class LineSink: Sendable {
    private let keeping: Bool
    private let lines = Mutex<[String]>([])

    private init(keeping: Bool) { self.keeping = keeping }

    public static let standardError = LineSink(keeping: false)
    /// Keeps every line in memory, for tests.
    public static func memory() -> LineSink { LineSink(keeping: true) }

    func write(_ line: String) {
        if keeping {
            lines.withLock { $0.append(line) }
        } else {
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// The lines written so far (a memory sink only; empty otherwise).
    public var written: [String] { lines.withLock { $0 } }
}
