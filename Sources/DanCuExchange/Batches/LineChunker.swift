/// Cuts a stream of NDJSON bytes into chunks of whole lines as they arrive, so a batch of millions of
/// lines is stored a chunk at a time and never held whole. Every line counts, an empty one too, so a
/// result's line number is the line the member's editor shows; a line longer than `maxLineBytes` is
/// kept cut to one byte more, enough for its check to refuse it without holding the rest.
public struct LineChunker: Sendable {
    /// Whole lines, numbered from `firstLine` (1 for the first line of the batch), each ending in `\n`.
    public struct Chunk: Sendable, Equatable {
        public let firstLine: Int64
        public let lines: Int
        public let data: [UInt8]
    }

    public static let maxLineBytes = 8192
    let linesPerChunk: Int
    var filled: [UInt8] = []
    var filledLines = 0
    var line: [UInt8] = []
    var cut = false
    /// The lines cut into chunks so far.
    public private(set) var lines: Int64 = 0
    /// The bytes fed so far.
    public private(set) var bytes: Int64 = 0

    public init(linesPerChunk: Int = 2_000) {
        self.linesPerChunk = max(1, linesPerChunk)
    }

    /// Takes the next bytes; returns the chunks they completed.
    public mutating func feed(_ piece: some Collection<UInt8>) -> [Chunk] {
        bytes += Int64(piece.count)
        var done: [Chunk] = []
        var start = piece.startIndex
        while start != piece.endIndex {
            let newline = piece[start...].firstIndex(of: UInt8(ascii: "\n"))
            take(piece[start..<(newline ?? piece.endIndex)])
            guard let newline else { break }
            endLine()
            if filledLines == linesPerChunk { done.append(flush()) }
            start = piece.index(after: newline)
        }
        return done
    }

    /// Ends the stream: the last line counts even without its `\n`. Returns the last chunk, if any.
    public mutating func finish() -> Chunk? {
        if !line.isEmpty || cut { endLine() }
        return filledLines > 0 ? flush() : nil
    }

    private mutating func take(_ part: some Collection<UInt8>) {
        let room = Self.maxLineBytes + 1 - line.count
        if part.count <= room {
            line.append(contentsOf: part)
        } else {
            line.append(contentsOf: part.prefix(room))
            cut = true
        }
    }

    private mutating func endLine() {
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        filled.append(contentsOf: line)
        filled.append(UInt8(ascii: "\n"))
        filledLines += 1
        lines += 1
        line.removeAll(keepingCapacity: true)
        cut = false
    }

    private mutating func flush() -> Chunk {
        let chunk = Chunk(firstLine: lines - Int64(filledLines) + 1, lines: filledLines, data: filled)
        filled.removeAll(keepingCapacity: true)
        filledLines = 0
        return chunk
    }
}
