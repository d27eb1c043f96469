import DanCuAccess
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// Keeps every log record, for tests; one per test, passed to the logger it builds (nothing global).
final class RecordingLogs: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])
    var all: [Record] { records.withLock { $0 } }

    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "dancu-test") { _ in Handler(logs: self) }
        logger.logLevel = level
        return logger
    }

    struct Handler: LogHandler {
        let logs: RecordingLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            let merged = self.metadata.merging(metadata ?? [:]) { $1 }
            let record = Record(level: level, message: message.description, metadata: merged.mapValues { $0.description })
            logs.records.withLock { $0.append(record) }
        }
    }
}

@Suite struct LoggingTests {
    /// Every request is logged at debug level with its request id and route template; no log line at
    /// any level carries a personal number, a name or a password.
    @Test func requestLogsCarryTheRequestIdAndNoPersonalData() async throws {
        let logs = RecordingLogs()
        try await WebHarness.with(logger: logs.logger(level: .trace)) { h, client in
            // Logout last: it revokes the token the others use; after it the citizen's samples that end
            // their session, consent or lock, each of which may undo what the next one needs.
            func order(_ s: Sample) -> Int { s.endsCitizenSession ? 2 : s.route == "/v1/auth/logout" ? 1 : 0 }
            let samples = try Sample.all(h).sorted { order($0) < order($1) }
            for sample in samples {
                _ = try await client.execute(
                    uri: sample.path, method: sample.method,
                    headers: try sample.headers(h, sample.successOfficer),
                    body: sample.body.map { ByteBuffer(string: $0) })
            }
            _ = try await client.execute(
                uri: "/v1/births", method: .post, headers: h.headers("central", purpose: .civilStatus, json: true),
                body: ByteBuffer(string: #"{"name": "Nguyễn Văn Lỗi", "sex": "robot"}"#))
            let secrets =
                try ["a1", "a2", "b1", "c1", "a3", "a4", "a5"].map { try h.number($0) }
                + ["Nguyễn Văn An", "Trần Thị Bích", "Nguyễn Văn Lỗi", "Nguyễn Minh Khang", "Đỗ Thị Lan", "Trịnh Văn Khoa", GateFixture.password]
            let requestLines = logs.all.filter { $0.message == "request" }
            #expect(requestLines.count == (try Sample.all(h).count) + 1)
            #expect(requestLines.allSatisfy { ($0.metadata["request.id"] ?? "").count == 16 })
            #expect(requestLines.contains { $0.metadata["http.route"] == "/v1/persons/{number}" })
            // The samples did their work, so their reads and writes ran and could have logged something. On
            // one register, removing a2 from the household and then making a2 its head cannot both succeed.
            // (The consent page answers with a redirect, 303.)
            let ordinary = samples.filter { !$0.endsCitizenSession }.count
            let succeeded = requestLines.prefix(ordinary).filter { ["2", "3"].contains(($0.metadata["http.status"] ?? "").prefix(1)) }
            #expect(
                succeeded.count == ordinary - 1,
                "\(requestLines.prefix(ordinary).map { "\($0.metadata["http.route"] ?? "") \($0.metadata["http.status"] ?? "")" })")
            for record in logs.all {
                let text = record.message + " " + record.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                for secret in secrets { #expect(!text.contains(secret), "a log line holds personal data: \(text)") }
            }
        }
    }
}
