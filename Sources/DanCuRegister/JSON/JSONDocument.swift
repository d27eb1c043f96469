#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed JSON document (RFC 8259) as a flat list of its values in document order, each pointing into
/// the text's bytes: the fast path for reading person records. A tree of values with a `String` for
/// every key and every value (what this replaced) cost four times what writing the record costs; here a
/// key is compared where it lies, and a string is made only when the reader asks for it.
///
/// An object's entry is followed by its members, each a key (a string entry) and its value with
/// everything in the value; an array's by its items. `next` jumps over a value and all it holds.
/// Valid only while the bytes it was parsed from are (`PersonJSONReader.read` keeps both in one scope).
struct JSONDocument {
    enum Kind: UInt8 {
        case null, boolean, number, string, array, object
    }

    struct Entry {
        var kind: Kind
        /// A string that holds escapes (its text is decoded when read).
        var escaped = false
        /// A string's bytes between its quotes, a number's bytes; unused for the others.
        var start = 0
        var end = 0
        /// An object's members or an array's items.
        var count = 0
        /// The entry after this value and everything in it.
        var next = 0
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let entries: [Entry]

    /// Parses `bytes`, valid UTF-8 (they come from a String); throws on anything RFC 8259 does not allow.
    init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        var parser = JSONTapeParser(bytes: bytes)
        try parser.document()
        self.bytes = bytes
        entries = parser.entries
    }

    func kind(_ index: Int) -> Kind { entries[index].kind }

    /// The text of the string entry at `index`.
    func string(_ index: Int) -> String {
        let entry = entries[index]
        let raw = UnsafeBufferPointer(rebasing: bytes[entry.start..<entry.end])
        guard entry.escaped else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: JSONTapeParser.unescaped(raw), as: UTF8.self)
    }

    /// The value of member `key` of the object at `index`; nil when it has none (or is not an object).
    /// The first of two members of one name, as before.
    func member(_ key: String, of index: Int) -> Int? {
        guard entries[index].kind == .object else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            var i = index + 1
            for _ in 0..<entries[index].count {
                let name = entries[i]
                if name.escaped {
                    if string(i).utf8.elementsEqual(wanted) { return i + 1 }
                } else if name.end - name.start == wanted.count, let base = bytes.baseAddress, let other = wanted.baseAddress,
                    memcmp(base + name.start, other, wanted.count) == 0
                {
                    return i + 1
                }
                i = entries[i + 1].next
            }
            return nil
        }
    }

    /// The items of the array at `index`, by their entries.
    func items(of index: Int) -> [Int] {
        guard entries[index].kind == .array else { return [] }
        var out: [Int] = []
        out.reserveCapacity(entries[index].count)
        var i = index + 1
        for _ in 0..<entries[index].count {
            out.append(i)
            i = entries[i].next
        }
        return out
    }

    func typeName(_ index: Int) -> String {
        switch entries[index].kind {
        case .null: "null"
        case .boolean: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

struct JSONSyntaxError: Error, Equatable {
    let offset: Int
    let reason: String
}

/// A strict recursive-descent parser over UTF-8 bytes that records each value's place instead of
/// building it, with a depth limit so hostile input cannot exhaust the stack.
struct JSONTapeParser {
    static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private(set) var entries: [JSONDocument.Entry] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A person record holds about one value for every 12 bytes; a long text with few values (a
        // hostile line) reserves no more than a record's worth, and grows only as its values come.
        entries.reserveCapacity(min(bytes.count / 12 + 8, 256))
    }

    mutating func document() throws(JSONSyntaxError) {
        skipSpace()
        try value(depth: 0)
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected text after the document") }
    }

    private func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, reason: reason) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// Records the value at `i` and all it holds.
    private mutating func value(depth: Int) throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): try container(.object, depth: depth)
        case UInt8(ascii: "["): try container(.array, depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", .boolean)
        case UInt8(ascii: "f"): try literal("false", .boolean)
        case UInt8(ascii: "n"): try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character")
        }
    }

    private mutating func append(_ entry: JSONDocument.Entry) {
        var entry = entry
        entry.next = entries.count + 1
        entries.append(entry)
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONDocument.Kind) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end") }
        let start = i
        let matches = word.withUTF8Buffer { w in (0..<n).allSatisfy { bytes[start + $0] == w[$0] } }
        guard matches else { throw fail("unexpected character") }
        i += n
        append(JSONDocument.Entry(kind: kind, start: start, end: i))
    }

    /// An object (`{`, members, `}`) or an array (`[`, items, `]`), with everything it holds.
    private mutating func container(_ kind: JSONDocument.Kind, depth: Int) throws(JSONSyntaxError) {
        let close = kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        i += 1
        let at = entries.count
        entries.append(JSONDocument.Entry(kind: kind))
        var count = 0
        defer {
            entries[at].count = count
            entries[at].next = entries.count
        }
        skipSpace()
        if i < bytes.count, bytes[i] == close {
            i += 1
            return
        }
        while true {
            skipSpace()
            if kind == .object {
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
            }
            try value(depth: depth + 1)
            count += 1
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == close {
                i += 1
                return
            }
            throw fail(kind == .object ? "expected ',' or '}'" : "expected ',' or ']'")
        }
    }

    private mutating func number() throws(JSONSyntaxError) {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("malformed number") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("malformed number") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("malformed number") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        append(JSONDocument.Entry(kind: .number, start: start, end: i))
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Records the string at `i`, checking its escapes now so that decoding it later cannot fail.
    private mutating func string() throws(JSONSyntaxError) {
        i += 1
        let start = i
        var escaped = false
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { break }
            guard b >= 0x20 else { throw fail("control character in string") }
            guard b == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            escaped = true
            i += 1
            guard i < bytes.count else { throw fail("unterminated string") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                UInt8(ascii: "r"), UInt8(ascii: "t"):
                continue
            case UInt8(ascii: "u"):
                let code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate")
                    }
                    i += 2
                    guard (0xDC00...0xDFFF).contains(try hex4()) else { throw fail("unpaired surrogate") }
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw fail("unpaired surrogate")
                }
            default: throw fail("invalid escape")
            }
        }
        append(JSONDocument.Entry(kind: .string, escaped: escaped, start: start, end: i))
        i += 1
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unterminated escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = Self.hexDigit(bytes[i]) else { throw fail("invalid escape") }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A string's bytes between its quotes with its escapes decoded; the parser checked them already.
    static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(at j: Int) -> UInt32 {
            (j..<j + 4).reduce(0) { $0 << 4 | (hexDigit(raw[$1]) ?? 0) }
        }
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "\\"), i + 1 < raw.count else {
                out.append(b)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u") where i + 4 <= raw.count:
                var code = hex4(at: i)
                i += 4
                if (0xD800...0xDBFF).contains(code), i + 6 <= raw.count {
                    code = 0x10000 + ((code - 0xD800) << 10) + (hex4(at: i + 2) - 0xDC00)
                    i += 6
                }
                // The parser let through only scalars; a replacement character where that would fail.
                out.append(contentsOf: String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
            default: out.append(e)  // `"`, `\`, `/`
            }
        }
        return out
    }
}
