import Foundation

/// The bench client's request bodies, written as text: its client shares the server's two cores, and
/// `JSONSerialization` (a dictionary of `Any`, sorted, bridged) was 1.5 % of an HTTP round's processor
/// time, spent on the bench's side. A value is text, or an object of such values.
indirect enum BenchJSON {
    case text(String)
    case object([(String, BenchJSON)])

    var data: Data { Data(written.utf8) }

    var written: String {
        switch self {
        case .text(let text): Self.quoted(text)
        case .object(let members): "{" + members.map { Self.quoted($0.0) + ":" + $0.1.written }.joined(separator: ",") + "}"
        }
    }

    /// RFC 8259 §7: the quotation mark, the reverse solidus and the control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
