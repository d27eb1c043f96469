import Foundation

/// Reads a file line by line in large chunks, numbering lines from 1. A line that is not UTF-8, or longer
/// than any record can be, is reported as such instead of being repaired or held in memory.
struct LineReader: AsyncSequence {
    enum Content: Sendable {
        case text(String)
        case tooLong
        case notUTF8
    }

    typealias Element = (Int, Content)
    static let maximumLineBytes = 1 << 20
    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        var buffer: [UInt8] = []
        var position = 0
        var lineNumber = 0
        var finished = false
        /// Set while the rest of an over-long line is being skipped.
        var skipping = false

        mutating func next() async throws -> (Int, Content)? {
            while true {
                if let end = buffer[position...].firstIndex(of: 10) {
                    let slice = buffer[position..<end]
                    position = end + 1
                    lineNumber += 1
                    if skipping {
                        skipping = false
                        return (lineNumber, .tooLong)
                    }
                    return (lineNumber, Self.content(slice))
                }
                if finished {
                    guard position < buffer.count || skipping else { return nil }
                    let slice = buffer[position...]
                    position = buffer.count
                    lineNumber += 1
                    if skipping {
                        skipping = false
                        return (lineNumber, .tooLong)
                    }
                    return (lineNumber, Self.content(slice))
                }
                buffer.removeFirst(position)
                position = 0
                if buffer.count > LineReader.maximumLineBytes {
                    skipping = true
                    buffer.removeAll(keepingCapacity: true)
                }
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
            }
        }

        static func content(_ bytes: ArraySlice<UInt8>) -> Content {
            if bytes.count > LineReader.maximumLineBytes { return .tooLong }
            guard let text = String(validating: bytes, as: UTF8.self) else { return .notUTF8 }
            return .text(text)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}
