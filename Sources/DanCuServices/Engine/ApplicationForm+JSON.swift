public import DanCuCore
import Foundation

extension ApplicationForm {
    /// The form as a JSON object's members, for storage and answers: dates ISO, places as
    /// `{"wardCode", "detail"}`; values of the types JSON decoders give (`String`, `Int`, `Bool`,
    /// `[String: any Sendable]`), so an answer can carry them without writing and parsing JSON.
    public var jsonObject: [String: any Sendable] {
        var object: [String: any Sendable] = [:]
        for (name, value) in values {
            switch value {
            case .text(let t): object[name] = t
            case .date(let d): object[name] = d.description
            case .integer(let i): object[name] = i
            case .boolean(let b): object[name] = b
            case .place(let p):
                var place: [String: any Sendable] = [:]
                place["wardCode"] = p.wardCode
                if let detail = p.detail { place["detail"] = detail }
                object[name] = place
            }
        }
        return object
    }

    /// The stored form, as sorted JSON: the bytes `JSONSerialization` writes with `.sortedKeys`, which
    /// the stored forms and the idempotency fingerprints made from them have always been. That writer
    /// sorts keys with a locale's collation and casts every value back from `Any`, about 5 % of an
    /// online birth's processor time over HTTP; field names of letters only sort the same by their
    /// lower-case bytes, so those forms are written here and any other goes to Foundation.
    public func encoded() throws -> String {
        guard values.keys.allSatisfy(Self.sortsByLowercaseBytes), Set(values.keys.map { $0.lowercased() }).count == values.count else {
            return String(decoding: try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys]), as: UTF8.self)
        }
        var json = FormJSON()
        json.open()
        for (name, value) in values.sorted(by: { Self.foundationOrder($0.key, $1.key) }) {
            json.key(name)
            switch value {
            case .text(let t): json.string(t)
            case .date(let d): json.string(d.description)
            case .integer(let i): json.raw(String(i))
            case .boolean(let b): json.raw(b ? "true" : "false")
            case .place(let p):
                json.open()
                if let detail = p.detail {
                    json.key("detail")
                    json.string(detail)
                }
                if let ward = p.wardCode {
                    json.key("wardCode")
                    json.string(ward)
                }
                json.close()
            }
        }
        json.close()
        return json.text
    }

    static func sortsByLowercaseBytes(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// Foundation's order for names of ASCII letters that differ other than in case.
    static func foundationOrder(_ a: String, _ b: String) -> Bool { a.lowercased() < b.lowercased() }

    /// A stored form read back, against its procedure as it stands (a field the procedure no longer
    /// has is dropped rather than failing the application).
    public static func decoded(_ text: String, for procedure: Procedure, units: AdministrativeUnits) -> ApplicationForm {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return ApplicationForm(values: [:]) }
        var values: [String: Value] = [:]
        for field in procedure.fields where field.register == nil {
            guard let raw = object[field.name] else { continue }
            if case .success(let value) = Self.value(raw, of: field, units: units, today: LocalDate(dayNumber: 0)) { values[field.name] = value }
        }
        return ApplicationForm(values: values)
    }
}
