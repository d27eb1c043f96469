import DanCuCore
import Foundation

/// Checks of the generated API's parameters that the document states but the generated code does not
/// enforce (ranges, lengths), each refusal naming the parameter.
enum Parameters {
    static func whole(_ value: Int?, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value else { return nil }
        guard range.contains(value) else {
            throw Problem.badField(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)", rule: "range")
        }
        return value
    }

    /// A cursor that is the id of the last entry seen: a whole number, 0 for the start.
    static func cursor(_ value: Int?) throws -> Int64 {
        Int64(try whole(value, "cursor", in: 0...Int(Int64.max / 2)) ?? 0)
    }

    /// The path's personal number, named `number` when it is not one.
    static func personalNumber(_ text: String, _ name: String = "number") throws -> PersonalNumber {
        do { return try PersonalNumber(text) } catch { throw Problem.badField(name, error.description, rule: "personalNumber") }
    }

    static func date(_ text: String?, _ name: String) throws -> LocalDate? {
        guard let text else { return nil }
        do { return try LocalDate(iso: text) } catch { throw Problem.badField(name, error.description, rule: "date") }
    }

    /// `If-Match: "7"` (or W/"7", or 7) as a version; nil when absent.
    static func version(ifMatch text: String?) throws -> Int? {
        guard let text else { return nil }
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("W/") { t.removeFirst(2) }
        t = t.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(t), version > 0 else {
            throw Problem.badField("If-Match", "give the record's version as the ETag showed it, like \"3\"", rule: "etag")
        }
        return version
    }

    /// Standard base64 (RFC 4648 §4), as the document's binary members are written.
    static func bytes(_ text: String, field: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw Problem.badField(field, "is not standard base64", rule: "base64") }
        return [UInt8](data)
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func text(_ value: String, _ name: String, maxLength: Int = 64) throws -> String {
        guard !value.isEmpty, value.count <= maxLength else {
            throw Problem.badField(name, "is required, at most \(maxLength) characters", rule: "required")
        }
        return value
    }
}
