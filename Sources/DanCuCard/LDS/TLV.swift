/// BER-TLV as ISO/IEC 7816-4 and ICAO Doc 9303 Part 10 use it for the chip's files: tags of one to
/// three bytes (`61`, `5F1F`), definite lengths of up to three bytes. The LDS writes some tags in the
/// long form even where DER would not (`5F01`), so a strict DER library cannot read these files; the
/// SOD, which is proper DER, is read with swift-asn1.
public struct TLV: Equatable, Sendable {
    public let tag: UInt32
    public let value: [UInt8]

    public init(tag: UInt32, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    /// A constructed TLV holding `children`.
    public init(tag: UInt32, children: [TLV]) {
        self.init(tag: tag, value: children.flatMap(\.encoded))
    }

    public var isConstructed: Bool { Self.tagBytes(tag).first.map { $0 & 0x20 != 0 } ?? false }

    public var encoded: [UInt8] { Self.tagBytes(tag) + Self.lengthBytes(value.count) + value }

    static func tagBytes(_ tag: UInt32) -> [UInt8] {
        if tag > 0xFFFF { return [UInt8(tag >> 16), UInt8((tag >> 8) & 0xFF), UInt8(tag & 0xFF)] }
        if tag > 0xFF { return [UInt8(tag >> 8), UInt8(tag & 0xFF)] }
        return [UInt8(tag)]
    }

    static func lengthBytes(_ length: Int) -> [UInt8] {
        switch length {
        case ..<0x80: [UInt8(length)]
        case ..<0x100: [0x81, UInt8(length)]
        case ..<0x10000: [0x82, UInt8(length >> 8), UInt8(length & 0xFF)]
        default: [0x83, UInt8(length >> 16), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        }
    }

    /// The children of a constructed TLV, in order.
    public func children() throws(CardTextError) -> [TLV] {
        guard isConstructed else { throw CardTextError(field: Self.name(tag), detail: "is not a constructed element") }
        return try Self.sequence(value[...], context: Self.name(tag))
    }

    /// The first child with `tag`.
    public func child(_ tag: UInt32) throws(CardTextError) -> TLV {
        guard let found = try children().first(where: { $0.tag == tag }) else {
            throw CardTextError(field: Self.name(self.tag), detail: "has no element \(Self.name(tag))")
        }
        return found
    }

    /// Reads exactly one TLV filling `bytes`.
    public static func read(_ bytes: [UInt8], context: String) throws(CardTextError) -> TLV {
        var rest = bytes[...]
        let tlv = try next(&rest, context: context)
        guard rest.isEmpty else { throw CardTextError(field: context, detail: "\(rest.count) bytes follow the element") }
        return tlv
    }

    static func sequence(_ bytes: ArraySlice<UInt8>, context: String) throws(CardTextError) -> [TLV] {
        var rest = bytes
        var items: [TLV] = []
        while !rest.isEmpty { items.append(try next(&rest, context: context)) }
        return items
    }

    /// Reads one TLV from the front of `bytes`, refusing truncation, indefinite lengths and lengths
    /// that are longer than what follows.
    static func next(_ bytes: inout ArraySlice<UInt8>, context: String) throws(CardTextError) -> TLV {
        guard let first = bytes.popFirst() else { throw CardTextError(field: context, detail: "truncated: a tag was expected") }
        var tag = UInt32(first)
        if first & 0x1F == 0x1F {
            var count = 0
            while true {
                guard let byte = bytes.popFirst() else { throw CardTextError(field: context, detail: "truncated inside a tag") }
                tag = tag << 8 | UInt32(byte)
                count += 1
                guard count <= 2 else { throw CardTextError(field: context, detail: "a tag longer than three bytes") }
                if byte & 0x80 == 0 { break }
            }
        }
        guard let lengthByte = bytes.popFirst() else { throw CardTextError(field: context, detail: "truncated: a length was expected") }
        var length = 0
        if lengthByte < 0x80 {
            length = Int(lengthByte)
        } else {
            let count = Int(lengthByte & 0x7F)
            guard count > 0 else { throw CardTextError(field: context, detail: "an indefinite length is not allowed") }
            guard count <= 3 else { throw CardTextError(field: context, detail: "a length of \(count) bytes is too long") }
            for _ in 0..<count {
                guard let byte = bytes.popFirst() else { throw CardTextError(field: context, detail: "truncated inside a length") }
                length = length << 8 | Int(byte)
            }
        }
        guard length <= bytes.count else {
            throw CardTextError(field: context, detail: "element \(name(tag)) claims \(length) bytes but \(bytes.count) follow")
        }
        let value = Array(bytes.prefix(length))
        bytes = bytes.dropFirst(length)
        return TLV(tag: tag, value: value)
    }

    static func name(_ tag: UInt32) -> String {
        let hex = String(tag, radix: 16, uppercase: true)
        return hex.count % 2 == 0 ? hex : "0" + hex
    }
}
