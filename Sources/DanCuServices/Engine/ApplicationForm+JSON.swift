public import DanCuCore
import Foundation

extension ApplicationForm {
    /// The form as a JSON object's members, for storage and answers: dates ISO, places as
    /// `{"wardCode", "detail"}`.
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [:]
        for (name, value) in values {
            switch value {
            case .text(let t): object[name] = t
            case .date(let d): object[name] = d.description
            case .integer(let i): object[name] = i
            case .boolean(let b): object[name] = b
            case .place(let p):
                var place: [String: Any] = [:]
                place["wardCode"] = p.wardCode
                if let detail = p.detail { place["detail"] = detail }
                object[name] = place
            }
        }
        return object
    }

    /// The stored form, as sorted JSON.
    public func encoded() throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys]), as: UTF8.self)
    }

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
