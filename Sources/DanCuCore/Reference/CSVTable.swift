/// A small RFC 4180 reader for the reference tables shipped with the package (quoted fields, commas and
/// doubled quotes inside quotes). Rows are keyed by the header line.
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [[String]]

    public init(text: String) {
        var records: [[String]] = []
        var field = ""
        var record: [String] = []
        var inQuotes = false
        var iterator = text.unicodeScalars.makeIterator()
        var lookahead: Unicode.Scalar? = iterator.next()
        while let c = lookahead {
            lookahead = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if lookahead == "\"" {
                        field.unicodeScalars.append("\"")
                        lookahead = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case ",":
                record.append(field)
                field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                field = ""
                records.append(record)
                record = []
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        header = records.first ?? []
        rows = Array(records.dropFirst()).filter { $0.count == (records.first?.count ?? 0) }
    }

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Each row as a dictionary, for readable construction of reference values.
    public var records: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
