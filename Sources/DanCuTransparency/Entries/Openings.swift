import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Openings for a log that seals an entry on every read, drawn from the system's random source a page
/// at a time: three system calls for 128 openings. Drawn one by one (swift-crypto fills a key 8 bytes a
/// call), they took four system calls each, 4% of a gate read's CPU. The bytes are the kernel's either
/// way; a page waits here only until the next 128 entries take it.
public final class Openings: Sendable {
    private static let page = 4096
    private let pool = Mutex<(bytes: [UInt8], next: Int)>(([], 0))

    public init() {}

    public func next() -> [UInt8] {
        pool.withLock { pool in
            if pool.next + Commitment.openingSize > pool.bytes.count {
                pool.bytes = Self.randomPage()
                pool.next = 0
            }
            defer { pool.next += Commitment.openingSize }
            return Array(pool.bytes[pool.next..<pool.next + Commitment.openingSize])
        }
    }

    private static func randomPage() -> [UInt8] {
        #if canImport(Glibc)
            // /dev/urandom: the kernel's CSPRNG, as getrandom(2) gives it (which Swift's Glibc module does not
            // expose); three system calls for a page.
            let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                defer { close(descriptor) }
                var bytes = [UInt8](repeating: 0, count: page)
                var filled = 0
                let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
                    guard let base = buffer.baseAddress else { return false }
                    while filled < page {
                        let n = read(descriptor, base + filled, page - filled)
                        if n > 0 {
                            filled += n
                        } else if n == 0 || errno != EINTR {
                            return false
                        }
                    }
                    return true
                }
                if complete { return bytes }
            }
        #endif
        // Where /dev/urandom cannot be read, the standard library's source, 8 bytes a call.
        var generator = SystemRandomNumberGenerator()
        return (0..<page / 8).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
    }
}
