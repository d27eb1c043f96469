import DanCuCore
import Foundation

/// An agency's file for deduplication: CSV with a header naming the columns `record_id, full_name, sex,
/// dob, personal_number, province_code, ward_code` in any order (other columns are kept aside, so a
/// test file may carry its truth). One record a line; fields may be quoted (RFC 4180) but not span lines.
public struct LinkageFile: Sendable {
    public static let columns = ["record_id", "full_name", "sex", "dob", "personal_number", "province_code", "ward_code"]

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: String?
        public let message: String

        public var description: String { "line \(line)" + (column.map { ", \($0)" } ?? "") + ": \(message)" }
    }

    let positions: [String: Int]
    let width: Int
    /// Every column of the header, by name, for columns beyond the seven (a truth column, say).
    public let header: [String]

    /// Reads the header line.
    public init(header line: String) throws(Problem) {
        let names = Self.fields(line).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let trimmed = names.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        var positions: [String: Int] = [:]
        for (index, name) in trimmed.enumerated() {
            if positions[name] != nil { throw Problem(line: 1, column: name, message: "the column '\(name)' appears twice") }
            positions[name] = index
        }
        let absent = Self.columns.filter { positions[$0] == nil }
        guard absent.isEmpty else {
            throw Problem(line: 1, column: absent[0], message: "the header lacks the column(s) \(absent.joined(separator: ", "))")
        }
        self.positions = positions
        width = trimmed.count
        header = trimmed
    }

    /// Reads one record line (numbered from 1, the header being line 1).
    public func record(_ line: String, number: Int) throws(Problem) -> (record: LinkageRecord, fields: [String]) {
        let fields = Self.fields(line)
        guard fields.count == width else {
            throw Problem(line: number, column: nil, message: "expected \(width) fields as in the header, found \(fields.count)")
        }
        func value(_ column: String) -> String {
            positions[column].map { Self.trimmed(fields[$0]) } ?? ""
        }
        let id = value("record_id")
        guard !id.isEmpty else { throw Problem(line: number, column: "record_id", message: "a record needs an id") }
        let name = value("full_name")
        guard !name.isEmpty else { throw Problem(line: number, column: "full_name", message: "a record needs a name") }
        guard name.unicodeScalars.allSatisfy({ !$0.properties.isNoncharacterCodePoint && $0.value >= 0x20 }) else {
            throw Problem(line: number, column: "full_name", message: "the name has control characters")
        }
        let sex: Sex?
        switch value("sex").uppercased() {
        case "M", "NAM": sex = .male
        case "F", "NỮ", "NU": sex = .female
        case "": sex = nil
        case let other: throw Problem(line: number, column: "sex", message: "'\(other)' is not a sex: use M or F")
        }
        let dobText = value("dob")
        var dob: PartialDate?
        if !dobText.isEmpty {
            do { dob = try PartialDate(iso: dobText) } catch {
                throw Problem(line: number, column: "dob", message: "'\(dobText)' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY (\(error))")
            }
        }
        let digits = value("personal_number").filter { $0 != " " }
        guard digits.utf8.count <= 12, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw Problem(line: number, column: "personal_number", message: "'\(digits)' is not a personal number: at most 12 digits")
        }
        let record = LinkageRecord(
            recordId: id, fullName: name, sex: sex, dateOfBirth: dob, personalNumber: digits.isEmpty ? nil : digits,
            provinceCode: value("province_code").nilIfEmpty, wardCode: value("ward_code").nilIfEmpty)
        return (record, fields)
    }

    public func column(_ name: String) -> Int? { positions[name] }

    /// The field without spaces or tabs around it; most fields have none, and are returned as they are.
    static func trimmed(_ field: String) -> String {
        guard let first = field.utf8.first, let last = field.utf8.last else { return field }
        if first != 32 && first != 9 && last != 32 && last != 9 && last != 13 { return field }
        return field.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Splits one CSV line: commas, and double quotes around a field with doubled quotes inside (the
    /// reference tables' RFC 4180 reader, for the lines that need it).
    static func fields(_ line: String) -> [String] {
        if !line.utf8.contains(34) && !line.utf8.contains(13) {
            return line.utf8.split(separator: 44, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        let header = CSVTable(text: line).header
        return header.isEmpty ? [""] : header
    }

    /// A field as CSV writes it: quoted when it holds a comma, quote or line break.
    public static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
