/// Reed–Solomon error correction over GF(2⁸) with the QR code's polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    /// The generator polynomial of `degree`, (x − α⁰)(x − α¹)…(x − α^(degree−1)), its coefficients from
    /// the highest power down, the leading 1 left out.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return coefficients
    }

    /// The remainder of the data (times x^degree) divided by the generator: the correction codewords.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        let degree = divisor.count
        var result = [UInt8](repeating: 0, count: degree)
        for byte in data {
            let factor = byte ^ result[0]
            for i in 0..<degree - 1 { result[i] = result[i + 1] ^ multiply(divisor[i], factor) }
            result[degree - 1] = multiply(divisor[degree - 1], factor)
        }
        return result
    }

    /// Multiplication in GF(2⁸) modulo 0x11D, through the tables of α's powers and logarithms.
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        if x == 0 || y == 0 { return 0 }
        return Self.powers[Int(Self.logarithms[Int(x)]) + Int(Self.logarithms[Int(y)])]
    }

    /// α⁰ … α⁵⁰⁹ (twice round the group, so that the sum of two logarithms needs no reduction).
    private static let powers: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// The logarithm to the base α of every non-zero element (entry 0 is unused).
    private static let logarithms: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(powers[i])] = UInt8(i) }
        return table
    }()
}
