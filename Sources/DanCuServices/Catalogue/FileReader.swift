import Foundation

/// Reads a JSON object of a catalogue file member by member, keeping the JSON pointer of where it is,
/// so that every complaint names its field. It collects complaints rather than stopping at the first:
/// an administrator fixing a file sees all its mistakes at once.
final class FileReader {
    let file: String
    private(set) var problems: [CatalogueProblem] = []

    init(file: String) { self.file = file }

    func complain(_ pointer: String, _ reason: String) {
        problems.append(CatalogueProblem(file: file, field: pointer, reason: reason))
    }

    /// The members of the object at `pointer`, complaining of any not in `allowed` (a misspelt member
    /// would otherwise be ignored without a word).
    func object(_ value: Any?, at pointer: String, allowed: [String]) -> [String: Any]? {
        guard let object = value as? [String: Any] else {
            complain(pointer, value == nil ? "is missing" : "must be an object")
            return nil
        }
        for key in object.keys.sorted() where !allowed.contains(key) {
            complain(pointer + "/" + Self.escape(key), "is not a member here: use \(allowed.joined(separator: ", "))")
        }
        return object
    }

    func string(_ object: [String: Any], _ key: String, at pointer: String, optional: Bool = false, maxLength: Int = 500) -> String? {
        let here = pointer + "/" + key
        guard let value = object[key] else {
            if !optional { complain(here, "is missing") }
            return nil
        }
        guard let text = value as? String else {
            complain(here, "must be a string")
            return nil
        }
        let trimmed = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            complain(here, "must not be empty")
            return nil
        }
        if trimmed.count > maxLength {
            complain(here, "is longer than \(maxLength) characters")
            return nil
        }
        return trimmed
    }

    func integer(_ object: [String: Any], _ key: String, at pointer: String, range: ClosedRange<Int>, optional: Bool = false) -> Int? {
        let here = pointer + "/" + key
        guard let value = object[key] else {
            if !optional { complain(here, "is missing") }
            return nil
        }
        guard let number = value as? NSNumber, !Self.isBoolean(number), let integer = Int(exactly: number.doubleValue) else {
            complain(here, "must be a whole number")
            return nil
        }
        guard range.contains(integer) else {
            complain(here, "must be from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return integer
    }

    func boolean(_ object: [String: Any], _ key: String, at pointer: String, default fallback: Bool) -> Bool {
        let here = pointer + "/" + key
        guard let value = object[key] else { return fallback }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            complain(here, "must be true or false")
            return fallback
        }
        return number.boolValue
    }

    /// An array at `pointer/key` (empty when absent and `optional`), its elements with their pointers.
    func array(_ object: [String: Any], _ key: String, at pointer: String, optional: Bool = false, maxCount: Int = 100) -> [(Any, String)] {
        let here = pointer + "/" + key
        guard let value = object[key] else {
            if !optional { complain(here, "is missing") }
            return []
        }
        guard let array = value as? [Any] else {
            complain(here, "must be an array")
            return []
        }
        if array.count > maxCount {
            complain(here, "has more than \(maxCount) elements")
            return []
        }
        return array.enumerated().map { ($1, here + "/\($0)") }
    }

    func words(_ object: [String: Any], _ key: String, at pointer: String, optional: Bool = false) -> Procedure.Words? {
        let here = pointer + "/" + key
        if optional, object[key] == nil { return nil }
        guard let member = self.object(object[key], at: here, allowed: ["vi", "en"]) else { return nil }
        let vi = string(member, "vi", at: here)
        let en = string(member, "en", at: here)
        guard let vi, let en else { return nil }
        return Procedure.Words(vi: vi, en: en)
    }

    /// A value of one of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ object: [String: Any], _ key: String, at pointer: String, as: T.Type, optional: Bool = false)
        -> T?
    where T.RawValue == String {
        guard let text = string(object, key, at: pointer, optional: optional) else { return nil }
        guard let value = T(rawValue: text) else {
            complain(pointer + "/" + key, "'\(text.prefix(60))' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// JSON's true and false arrive as NSNumber too; Foundation marks them with the type code of a C char.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    /// RFC 6901: `~` and `/` in a member's name.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
