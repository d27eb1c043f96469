import DanCuAccess
import Testing

@Suite struct TOTPTests {
    /// RFC 6238 Appendix B, SHA-1, eight digits.
    @Test func theRFC6238TestVectors() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8), digits: 8)
        for (time, code) in [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] as [(Int64, String)] {
            #expect(totp.code(at: time) == code, "T = \(time)")
        }
    }

    @Test func aCodeHoldsForItsStepAndOneEitherSide() {
        let totp = TOTP(secret: TOTP.newSecret())
        let now: Int64 = 1_764_412_128
        let code = totp.code(at: now)
        #expect(code.count == 6)
        #expect(totp.matches(code, at: now) != nil && totp.matches(code, at: now + 30) != nil && totp.matches(code, at: now - 30) != nil)
        #expect(totp.matches(code, at: now + 90) == nil)
        // The issuer and account are separated by a colon, literal or encoded (Google's key URI format allows both).
        let url = totp.provisioningURL(account: "001080000201")
        #expect(url.hasPrefix("otpauth://totp/DanCu:001080000201?secret=") || url.hasPrefix("otpauth://totp/DanCu%3A001080000201?secret="))
    }
}
