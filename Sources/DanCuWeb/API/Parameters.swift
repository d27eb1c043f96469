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

    static func text(_ value: String, _ name: String, maxLength: Int = 64) throws -> String {
        guard !value.isEmpty, value.count <= maxLength else {
            throw Problem.badField(name, "is required, at most \(maxLength) characters", rule: "required")
        }
        return value
    }
}
