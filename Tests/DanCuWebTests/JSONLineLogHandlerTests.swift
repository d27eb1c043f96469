import DanCuWeb
import Foundation
import Logging
import Testing

/// The server's structured logs: one JSON object a line, every metadata value a member, written only
/// for lines that are logged.
@Suite struct JSONLineLogHandlerTests {
    @Test func eachLineIsOneJSONObjectWithItsMetadata() throws {
        let sink = LineSink.memory()
        var logger = Logger(label: "dancu") { JSONLineLogHandler(label: $0, sink: sink) }
        logger.logLevel = .info
        logger[metadataKey: "request.id"] = "0123456789abcdef"
        logger.debug("not written")
        logger.info("line \"one\"\n\t\u{1}", metadata: ["http.status": .stringConvertible(200), "list": .array(["a", "b"])])
        #expect(sink.written.count == 1)
        let line = try #require(sink.written.first)
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "line \"one\"\n\t\u{1}")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "dancu")
        #expect(object["request.id"] as? String == "0123456789abcdef")
        #expect(object["http.status"] as? String == "200")
        #expect(object["list"] as? [String] == ["a", "b"])
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
    }
}
