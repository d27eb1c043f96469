import DanCuCore
import Foundation
import Testing

@Suite struct ByteTextTests {
    @Test func hexAndBase64URLAgreeWithFoundation() {
        var rng = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(ByteText.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
            let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(ByteText.base64URL(bytes) == foundation)
        }
    }

    @Test func base64URLDecodesWhatItEncodesAndNothingElse() {
        var rng = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(ByteText.bytes(base64URL: ByteText.base64URL(bytes)) == bytes)
        }
        for bad in ["A", "AAAAA", "QQ==", "a+b/", "a b", "QR", "QUJ"] {
            #expect(ByteText.bytes(base64URL: bad) == nil, "\(bad)")
        }
    }
}
