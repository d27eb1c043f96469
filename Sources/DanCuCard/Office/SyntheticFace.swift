import Foundation

/// A drawn face (not of any person), 120×160 JPEG, for demo applications, tests and benchmarks.
public enum SyntheticFace {
    public static func jpeg() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "synthetic-face", withExtension: "jpg") else {
            throw CardError.conflict("the synthetic face image is missing from the DanCuCard bundle")
        }
        return [UInt8](try Data(contentsOf: url))
    }
}
