/// The layout of one QR version: how many codewords it holds, how they split into error-correction
/// blocks, and where its alignment patterns sit (ISO/IEC 18004 Tables 9 and E.1).
struct QRVersion {
    let number: Int

    init(_ number: Int) { self.number = number }

    var size: Int { 17 + 4 * number }

    /// Error-correction codewords in each block, by level (low, medium, quartile, high) and version.
    static let correctionPerBlock: [[Int]] = [
        [
            7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
            30, 30, 30,
        ],
        [
            10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
            28, 28, 28,
        ],
        [
            13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
            30, 30, 30,
        ],
        [
            17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
            30, 30, 30,
        ],
    ]

    /// Error-correction blocks, by level and version.
    static let blocks: [[Int]] = [
        [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    /// The positions, on both axes, of the alignment patterns' centres.
    var alignmentCentres: [Int] {
        guard number > 1 else { return [] }
        let count = number / 7 + 2
        let step = number == 32 ? 26 : (number * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var centres = [6]
        var position = size - 7
        while centres.count < count {
            centres.insert(position, at: 1)
            position -= step
        }
        return centres
    }

    /// Modules left for codewords once the function patterns and format and version information are placed.
    var dataModules: Int {
        var modules = (16 * number + 128) * number + 64
        if number >= 2 {
            let count = number / 7 + 2
            modules -= (25 * count - 10) * count - 55
            if number >= 7 { modules -= 36 }
        }
        return modules
    }

    var totalCodewords: Int { dataModules / 8 }

    /// Bits available for data at `correction`.
    func dataCapacity(_ correction: QRCode.Correction) -> Int {
        let level = correction.rawValue
        let correctionCodewords = Self.correctionPerBlock[level][number - 1] * Self.blocks[level][number - 1]
        return (totalCodewords - correctionCodewords) * 8
    }

    /// The data split into blocks, each followed by its Reed–Solomon codewords, interleaved as the
    /// symbol stores them: the data codewords column by column, then the correction codewords.
    func interleaved(_ data: [UInt8], correction: QRCode.Correction) -> [UInt8] {
        let level = correction.rawValue
        let blockCount = Self.blocks[level][number - 1]
        let correctionLength = Self.correctionPerBlock[level][number - 1]
        let shortBlocks = blockCount - totalCodewords % blockCount
        let shortLength = totalCodewords / blockCount - correctionLength
        let divisor = ReedSolomon.generator(degree: correctionLength)
        var dataBlocks: [[UInt8]] = []
        var correctionBlocks: [[UInt8]] = []
        var start = 0
        for i in 0..<blockCount {
            let length = shortLength + (i < shortBlocks ? 0 : 1)
            let block = Array(data[start..<start + length])
            start += length
            dataBlocks.append(block)
            correctionBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var out: [UInt8] = []
        out.reserveCapacity(totalCodewords)
        for i in 0...shortLength {
            for block in dataBlocks where i < block.count { out.append(block[i]) }
        }
        for i in 0..<correctionLength {
            for block in correctionBlocks { out.append(block[i]) }
        }
        return out
    }
}
