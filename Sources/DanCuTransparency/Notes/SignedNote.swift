import Foundation

/// A C2SP signed note: text ending in a newline, a blank line, then one line per signature,
/// `— <key name> base64(key ID || signature)`.
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: UInt32
        public let signature: [UInt8]

        public init(name: String, keyID: UInt32, signature: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.signature = signature
        }

        public var line: String {
            let id = withUnsafeBytes(of: keyID.bigEndian) { Array($0) }
            return "— \(name) \(Data(id + signature).base64EncodedString())\n"
        }
    }

    public static let maximumSignatures = 32

    public let text: String
    public var signatures: [Signature]

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    /// Parses a note; nil when it is not one (no blank line before the signatures, a malformed
    /// signature line, a control character, more than `maximumSignatures` signatures).
    public init?(_ note: String) {
        guard note.hasSuffix("\n"), !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }),
            let split = note.range(of: "\n\n", options: .backwards)
        else { return nil }
        let text = String(note[..<split.lowerBound]) + "\n"
        var signatures: [Signature] = []
        for line in note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix("— "), signatures.count < Self.maximumSignatures else { return nil }
            let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains("+"),
                let bytes = Data(base64Encoded: String(parts[1])), bytes.count > 4
            else { return nil }
            let id = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append(Signature(name: String(parts[0]), keyID: id, signature: Array(bytes.dropFirst(4))))
        }
        guard !signatures.isEmpty else { return nil }
        self.init(text: text, signatures: signatures)
    }
}
