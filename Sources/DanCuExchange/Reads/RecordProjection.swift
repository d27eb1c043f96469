import DanCuCore
import DanCuRegister

/// A record's JSON with only some of its fields, cut from the register's own encoding (`PersonCodec`)
/// rather than parsed into Foundation's values and written again: that round trip, sorted by
/// `JSONSerialization`, cost more than the rest of a webhook's dispatch (docs/benchmarks.md, issue 15).
/// The members keep the codec's order, which is sorted.
enum RecordProjection {
    /// `{"field":value,…}` with the record's members named in `fields`; nil if the text is not one JSON
    /// object (the codec's output always is).
    static func project(_ person: Person, to fields: [String]) -> String? {
        let json = PersonCodec.encode(person)
        guard let members = topLevelMembers(of: Array(json.utf8)) else { return nil }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for member in members where fields.contains(where: { $0.utf8.elementsEqual(member.key) }) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: member.key)
            out.append(contentsOf: "\":".utf8)
            out.append(contentsOf: member.value)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The members of a JSON object, each key (its bytes between the quotes, escapes as written) and its
    /// value's bytes; nil unless `bytes` is one object whose strings and brackets close.
    static func topLevelMembers(of bytes: [UInt8]) -> [(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>)]? {
        var i = skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i = skipSpace(bytes, i + 1)
        var members: [(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>)] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return skipSpace(bytes, i + 1) == bytes.count ? members : nil }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = stringEnd(bytes, i) else { return nil }
            let key = bytes[(i + 1)..<(keyEnd - 1)]
            i = skipSpace(bytes, keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(bytes, i + 1)
            guard let valueEnd = valueEnd(bytes, i) else { return nil }
            members.append((key, bytes[i..<valueEnd]))
            i = skipSpace(bytes, valueEnd)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return skipSpace(bytes, i + 1) == bytes.count ? members : nil }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(bytes, i + 1)
        }
        return nil
    }

    private static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        return i
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Just past the closing quote of the string that opens at `start`.
    private static func stringEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// Just past the value that starts at `start`: a string, an object or array (to its closing
    /// bracket), or a bare word or number (to the next comma, bracket or space).
    private static func valueEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "\"") { return stringEnd(bytes, start) }
        var closers: [UInt8] = []
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard let end = stringEnd(bytes, i) else { return nil }
                i = end
                continue
            case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard let closer = closers.popLast() else { return i > start ? i : nil }
                guard closer == bytes[i] else { return nil }
                if closers.isEmpty { return i + 1 }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if closers.isEmpty { return i > start ? i : nil }
            default: break
            }
            i += 1
        }
        return closers.isEmpty && i > start ? i : nil
    }
}
