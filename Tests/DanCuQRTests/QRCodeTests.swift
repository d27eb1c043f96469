import Testing

@testable import DanCuQR

/// The encoder's parts against the standard's own figures. Whether a reader reads the symbols is
/// judged by an independent decoder (zxing-cpp) in `scripts/check-documents.sh`.
struct QRCodeTests {
    /// ISO/IEC 18004 Annex I: "01234567" at version 1-M has these data codewords and these ten
    /// error-correction codewords.
    @Test func reedSolomonGivesTheStandardsWorkedExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let correction = ReedSolomon.remainder(data, divisor: ReedSolomon.generator(degree: 10))
        #expect(correction == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// The byte-mode capacities of ISO/IEC 18004 Table 7: the largest text that fits a version fits,
    /// one byte more needs the next.
    @Test(arguments: [
        (1, QRCode.Correction.low, 17), (1, .medium, 14), (1, .quartile, 11), (1, .high, 7),
        (10, .low, 271), (10, .medium, 213), (10, .quartile, 151), (10, .high, 119),
        (40, .low, 2953), (40, .medium, 2331), (40, .quartile, 1663), (40, .high, 1273),
    ])
    func theLargestTextOfAVersionFitsItAndOneMoreByteDoesNot(version: Int, correction: QRCode.Correction, capacity: Int) throws {
        let fitting = try QRCode(bytes: Array(repeating: 0x41, count: capacity), correction: correction)
        #expect(fitting.version == version && fitting.size == 17 + 4 * version)
        if version < 40 {
            #expect(try QRCode(bytes: Array(repeating: 0x41, count: capacity + 1), correction: correction).version == version + 1)
        } else {
            #expect(throws: QRCode.Failure.tooLong(bytes: capacity + 1, capacity: capacity)) {
                try QRCode(bytes: Array(repeating: 0x41, count: capacity + 1), correction: correction)
            }
        }
    }

    /// Table E.1's alignment centres for a few versions.
    @Test func alignmentPatternsSitWhereTheTableSays() {
        #expect(QRVersion(1).alignmentCentres == [])
        #expect(QRVersion(2).alignmentCentres == [6, 18])
        #expect(QRVersion(7).alignmentCentres == [6, 22, 38])
        #expect(QRVersion(32).alignmentCentres == [6, 34, 60, 86, 112, 138])
        #expect(QRVersion(40).alignmentCentres == [6, 30, 58, 86, 114, 142, 170])
    }

    /// The format information of level M and mask 0 is 101010000010010 (the mask 0x5412 alone), read
    /// around the top-left finder.
    @Test func theFormatInformationIsDrawnAroundTheFinders() throws {
        var grid = ModuleGrid(version: QRVersion(1))
        grid.drawFormat(correction: .medium, mask: 0)
        let bits = (0...5).map { grid[8, $0] } + [grid[8, 7], grid[8, 8], grid[7, 8]] + (9..<15).map { grid[14 - $0, 8] }
        let expected = (0..<15).map { (0x5412 >> $0) & 1 == 1 }
        #expect(bits == expected)
        #expect(grid[8, grid.size - 8])
    }

    /// The PNG's chunks carry the CRC-32 that zlib computes for them (the check value of "123456789"
    /// is CBF43926) and its zlib stream the Adler-32 of RFC 1950 (of "Wikipedia", 11E60398).
    @Test func thePicturesChecksumsAreTheStandardOnes() {
        #expect(PNG.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let png = try? QRCode(text: "DanCu").png(scale: 2)
        #expect(png.map { Array($0.prefix(8)) } == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }
}
