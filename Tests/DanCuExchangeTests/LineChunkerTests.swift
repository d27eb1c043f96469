import DanCuCore
import DanCuExchange
import Testing

/// Lines cut into chunks as bytes arrive, whatever the pieces: every line counted, an empty one too,
/// `\r\n` read as `\n`, the last line without its `\n`, an overlong line kept cut to one byte more.
@Suite struct LineChunkerTests {
    static func cut(_ text: String, pieces size: Int, linesPerChunk: Int) -> (chunks: [LineChunker.Chunk], lines: Int64) {
        var chunker = LineChunker(linesPerChunk: linesPerChunk)
        let bytes = Array(text.utf8)
        var chunks: [LineChunker.Chunk] = []
        var start = 0
        while start < bytes.count {
            chunks += chunker.feed(bytes[start..<min(start + size, bytes.count)])
            start += size
        }
        if let last = chunker.finish() { chunks.append(last) }
        return (chunks, chunker.lines)
    }

    @Test(arguments: [1, 2, 3, 7, 1000]) func theSameChunksWhateverThePieces(size: Int) {
        let (chunks, lines) = Self.cut("{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}\n{\"d\":4}", pieces: size, linesPerChunk: 2)
        #expect(lines == 5)
        #expect(chunks.map(\.firstLine) == [1, 3, 5] && chunks.map(\.lines) == [2, 2, 1])
        #expect(chunks.map { String(decoding: $0.data, as: UTF8.self) } == ["{\"a\":1}\n\n", "{\"b\":2}\n{\"c\":3}\n", "{\"d\":4}\n"])
    }

    @Test func aFinalNewlineMakesNoExtraLine() {
        #expect(Self.cut("x\ny\n", pieces: 1, linesPerChunk: 10).lines == 2)
        #expect(Self.cut("", pieces: 1, linesPerChunk: 10).lines == 0)
    }

    @Test func anOverlongLineIsKeptCutToOneByteMore() {
        let long = String(repeating: "x", count: LineChunker.maxLineBytes * 3)
        let (chunks, lines) = Self.cut("{}\n" + long + "\n{}\n", pieces: 4096, linesPerChunk: 10)
        #expect(lines == 3)
        let kept = chunks[0].data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(\.count)
        #expect(kept == [2, LineChunker.maxLineBytes + 1, 2, 0])
        guard case .failure(let problem) = BatchLine.read(ArraySlice(Array(repeating: UInt8(ascii: "x"), count: LineChunker.maxLineBytes + 1))) else {
            Issue.record("an overlong line was read")
            return
        }
        #expect(problem.rule == "line-length")
    }
}
