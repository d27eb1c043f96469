import Foundation

/// What an officer's authenticator app does with the `otpauth://` URL it is given: reads the secret
/// (RFC 4648 base32), written apart from the server's own encoder.
public enum AuthenticatorApp {
    public struct Unreadable: Error {}

    public static func secret(of url: String) throws -> [UInt8] {
        guard let text = URLComponents(string: url)?.queryItems?.first(where: { $0.name == "secret" })?.value else { throw Unreadable() }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bytes: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text {
            guard let value = alphabet.firstIndex(of: character) else { throw Unreadable() }
            buffer = (buffer << 5 | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer >> (bits - 8)))
                bits -= 8
            }
        }
        return bytes
    }
}
