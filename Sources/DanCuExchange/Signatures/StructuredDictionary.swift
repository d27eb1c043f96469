import RawStructuredFieldValues

/// Structured-field dictionaries (RFC 8941 §3.2) of the headers every signed request carries
/// (`Signature-Input`, `Signature`, `Content-Digest`), read on every request.
///
/// swift-http-structured-headers' parser is generic over its bytes and not inlinable, so in this
/// module it runs unspecialised, through witness tables for every byte: 4–5 % of a signed
/// verification's CPU under load (perf, `bench/exchange.sh`). The shapes members send (inner lists of
/// strings, byte sequences, integers, tokens, strings and booleans, with parameters) are read here
/// directly into the library's own types; anything else (a decimal, an escape in a string, RFC 9651's
/// dates and display strings, any error) goes to the library, which gives the answer or the error.
/// `StructuredDictionaryTests` checks that both agree on every input the direct reader accepts.
enum StructuredDictionary {
    static func parse(_ text: String) throws -> OrderedMap<String, ItemOrInnerList> {
        var text = text
        let direct = text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.dictionary()
        }
        if let direct { return direct }
        var parser = StructuredFieldValueParser(Array(text.utf8))
        return try parser.parseDictionaryFieldValue()
    }

    /// The direct reader: nil for anything it does not read itself.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        var current: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func skip(_ byte: UInt8) {
            while current == byte { at += 1 }
        }

        mutating func skipOWS() {
            while let byte = current, byte == .space || byte == .tab { at += 1 }
        }

        mutating func dictionary() -> OrderedMap<String, ItemOrInnerList>? {
            var members = OrderedMap<String, ItemOrInnerList>()
            skip(.space)
            guard current != nil else { return members }
            while true {
                guard let key = key() else { return nil }
                let value: ItemOrInnerList
                if current == .equals {
                    at += 1
                    guard let member = member() else { return nil }
                    value = member
                } else {
                    guard let parameters = parameters() else { return nil }
                    value = .item(Item(bareItem: .bool(true), parameters: parameters))
                }
                members[key] = value
                skipOWS()
                guard let byte = current else { return members }
                guard byte == .comma else { return nil }
                at += 1
                skipOWS()
                guard current != nil else { return nil }  // a trailing comma
            }
        }

        mutating func member() -> ItemOrInnerList? {
            guard current == .openParenthesis else {
                guard let bare = bareItem(), let parameters = parameters() else { return nil }
                return .item(Item(bareItem: bare, parameters: parameters))
            }
            at += 1
            var list = BareInnerList()
            while true {
                skip(.space)
                if current == .closeParenthesis {
                    at += 1
                    guard let parameters = parameters() else { return nil }
                    return .innerList(InnerList(bareInnerList: list, parameters: parameters))
                }
                guard let bare = bareItem(), let parameters = parameters() else { return nil }
                list.append(Item(bareItem: bare, parameters: parameters))
                guard let byte = current, byte == .space || byte == .closeParenthesis else { return nil }
            }
        }

        mutating func parameters() -> OrderedMap<String, RFC9651BareItem>? {
            var parameters = OrderedMap<String, RFC9651BareItem>()
            while current == .semicolon {
                at += 1
                skip(.space)
                guard let key = key() else { return nil }
                if current == .equals {
                    at += 1
                    guard let value = bareItem() else { return nil }
                    parameters[key] = value
                } else {
                    parameters[key] = .bool(true)
                }
            }
            return parameters
        }

        /// `key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )`
        mutating func key() -> String? {
            let start = at
            guard let first = current, first.isLowercaseLetter || first == .asterisk else { return nil }
            at += 1
            while let byte = current, byte.isLowercaseLetter || byte.isDigit || byte == .underscore || byte == .minus || byte == .period || byte == .asterisk {
                at += 1
            }
            return text(start..<at)
        }

        mutating func bareItem() -> RFC9651BareItem? {
            guard let first = current else { return nil }
            switch first {
            case .quote: return string()
            case .colon: return byteSequence()
            case .question:
                at += 1
                guard let value = current, value == .zero || value == .one else { return nil }
                at += 1
                return .bool(value == .one)
            case .minus,
                _ where first.isDigit:
                return integer()
            case .asterisk,
                _ where first.isLetter:
                return token()
            default: return nil
            }
        }

        /// Integers only; a decimal point goes to the library.
        mutating func integer() -> RFC9651BareItem? {
            var negative = false
            if current == .minus {
                negative = true
                at += 1
            }
            var value: Int64 = 0
            var digits = 0
            while let byte = current, byte.isDigit {
                digits += 1
                guard digits <= 15 else { return nil }  // RFC 8941's bound, long before Int64 overflows
                value = value * 10 + Int64(byte - .zero)
                at += 1
            }
            guard digits >= 1, current != .period else { return nil }
            return .integer(negative ? -value : value)
        }

        /// Strings without escapes; one with a backslash goes to the library.
        mutating func string() -> RFC9651BareItem? {
            at += 1
            let start = at
            while let byte = current, byte != .quote {
                guard byte >= 0x20, byte <= 0x7E, byte != .backslash else { return nil }
                at += 1
            }
            guard current == .quote, let value = text(start..<at) else { return nil }
            at += 1
            return .string(value)
        }

        mutating func byteSequence() -> RFC9651BareItem? {
            at += 1
            let start = at
            while let byte = current, byte != .colon {
                guard byte.isLetter || byte.isDigit || byte == .plus || byte == .slash || byte == .equals else { return nil }
                at += 1
            }
            guard current == .colon, let value = text(start..<at) else { return nil }
            at += 1
            return .undecodedByteSequence(value)
        }

        /// `sf-token = ( ALPHA / "*" ) *( tchar / ":" / "/" )`
        mutating func token() -> RFC9651BareItem? {
            let start = at
            at += 1
            while let byte = current, byte.isTokenCharacter || byte == .colon || byte == .slash { at += 1 }
            return text(start..<at).map { .token($0) }
        }

        func text(_ range: Range<Int>) -> String? {
            String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }
}

extension UInt8 {
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let semicolon = UInt8(ascii: ";")
    fileprivate static let openParenthesis = UInt8(ascii: "(")
    fileprivate static let closeParenthesis = UInt8(ascii: ")")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let question = UInt8(ascii: "?")
    fileprivate static let minus = UInt8(ascii: "-")
    fileprivate static let plus = UInt8(ascii: "+")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let period = UInt8(ascii: ".")
    fileprivate static let asterisk = UInt8(ascii: "*")
    fileprivate static let underscore = UInt8(ascii: "_")
    fileprivate static let zero = UInt8(ascii: "0")
    fileprivate static let one = UInt8(ascii: "1")

    fileprivate var isDigit: Bool { self >= .zero && self <= UInt8(ascii: "9") }
    fileprivate var isLowercaseLetter: Bool { self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z") }
    fileprivate var isLetter: Bool { isLowercaseLetter || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z")) }
    /// RFC 9110's tchar.
    fileprivate var isTokenCharacter: Bool {
        isLetter || isDigit || "!#$%&'*+-.^_`|~".utf8.contains(self)
    }
}
