/// A QR code (ISO/IEC 18004) of bytes in byte mode: the matrix of dark and light modules, without the
/// quiet zone. DanCu prints its signed documents as QR codes that a verifier reads offline.
public struct QRCode: Sendable, Equatable {
    /// How much of the symbol may be lost and still read: about 7, 15, 25 and 30 per cent.
    public enum Correction: Int, Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The two bits the format information carries for the level (ISO/IEC 18004 Table 25).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooLong(bytes: Int, capacity: Int)

        public var description: String {
            switch self {
            case .tooLong(let bytes, let capacity): "\(bytes) bytes do not fit a QR code, which holds at most \(capacity) at this level"
            }
        }
    }

    public let version: Int
    public let correction: Correction
    public let mask: Int
    /// Modules on a side: 17 + 4 × version.
    public var size: Int { modules.size }
    let modules: ModuleGrid

    /// Whether the module in column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[x, y] }

    /// The smallest symbol at `correction` that holds `bytes`, with the mask of least penalty.
    public init(bytes: [UInt8], correction: Correction = .medium) throws {
        guard let version = (1...40).first(where: { QRVersion($0).dataCapacity(correction) >= Self.bitsNeeded(bytes.count, version: $0) }) else {
            let largest = QRVersion(40).dataCapacity(correction)
            throw Failure.tooLong(bytes: bytes.count, capacity: (largest - 4 - 16) / 8)
        }
        let layout = QRVersion(version)
        let data = Self.dataCodewords(bytes, version: version, capacity: layout.dataCapacity(correction) / 8)
        let codewords = layout.interleaved(data, correction: correction)
        var best: (grid: ModuleGrid, mask: Int, penalty: Int)?
        for mask in 0..<8 {
            var grid = ModuleGrid(version: layout)
            grid.place(codewords)
            grid.apply(mask: mask)
            grid.drawFormat(correction: correction, mask: mask)
            let penalty = grid.penalty()
            if best.map({ penalty < $0.penalty }) ?? true { best = (grid, mask, penalty) }
        }
        // The loop ran eight times, so `best` is set.
        self.version = version
        self.correction = correction
        self.mask = best?.mask ?? 0
        self.modules = best?.grid ?? ModuleGrid(version: layout)
    }

    public init(text: String, correction: Correction = .medium) throws {
        try self.init(bytes: Array(text.utf8), correction: correction)
    }

    /// Mode indicator, character count and data, in bits.
    static func bitsNeeded(_ count: Int, version: Int) -> Int { 4 + countBits(version) + 8 * count }

    /// The width of the byte-mode character count (ISO/IEC 18004 Table 3).
    static func countBits(_ version: Int) -> Int { version < 10 ? 8 : 16 }

    /// The data codewords: byte-mode segment, terminator, padding to the byte and the pad codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int, capacity: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }
}

struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count width: Int) {
        for i in stride(from: width - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> i) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(0x80 >> (count % 8)) }
            count += 1
        }
    }
}
