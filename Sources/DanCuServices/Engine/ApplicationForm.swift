public import DanCuCore
public import Foundation

/// What the applicant typed into a procedure's form: only the fields the procedure asks, each checked
/// against its type. The register's fields are never here (once-only): a member naming one is refused.
public struct ApplicationForm: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case date(LocalDate)
        case place(Place)
        case integer(Int)
        case boolean(Bool)
    }

    public let values: [String: Value]

    public init(values: [String: Value]) { self.values = values }

    public func text(_ name: String) -> String? {
        if case .text(let t)? = values[name] { t } else { nil }
    }

    public func date(_ name: String) -> LocalDate? {
        if case .date(let d)? = values[name] { d } else { nil }
    }

    public func place(_ name: String) -> Place? {
        if case .place(let p)? = values[name] { p } else { nil }
    }

    /// Reads and checks a form sent as the bytes of a JSON object.
    public static func read(json data: Data, for procedure: Procedure, units: AdministrativeUnits, today: LocalDate) throws(ServiceError)
        -> ApplicationForm
    {
        let object: [String: Any]
        do { object = try StrictJSON.object(data, allowed: nil, what: "the form") } catch {
            throw .invalidFields([RuleViolation(field: "fields", rule: error.rule, detail: error.detail)])
        }
        return try read(object, for: procedure, units: units, today: today)
    }

    /// Reads and checks a form sent as a JSON object (already parsed): every asked field of its type,
    /// the required ones present, nothing else. All problems together, each naming `fields.NAME`.
    public static func read(
        _ object: [String: Any], for procedure: Procedure, units: AdministrativeUnits, today: LocalDate
    ) throws(ServiceError) -> ApplicationForm {
        var problems: [RuleViolation] = []
        var values: [String: Value] = [:]
        let asked = Dictionary(uniqueKeysWithValues: procedure.fields.filter { $0.register == nil }.map { ($0.name, $0) })
        let shown = Set(procedure.fields.filter { $0.register != nil }.map(\.name))
        for key in object.keys.sorted() where asked[key] == nil {
            let detail = shown.contains(key) ? "comes from the register and is not asked (once-only)" : "is not a field of this procedure"
            problems.append(RuleViolation(field: "fields." + String(key.prefix(60)), rule: "unknown", detail: detail))
        }
        for field in procedure.fields where field.register == nil {
            let name = "fields." + field.name
            guard let raw = object[field.name], !(raw is NSNull), !((raw as? String)?.trimmingWhitespace.isEmpty ?? false) else {
                if field.required { problems.append(RuleViolation(field: name, rule: "required", detail: "is required")) }
                continue
            }
            switch value(raw, of: field, units: units, today: today) {
            case .success(let v): values[field.name] = v
            case .failure(let problem): problems.append(RuleViolation(field: name, rule: problem.rule, detail: problem.detail))
            }
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return ApplicationForm(values: values)
    }

    struct Problem: Error {
        let rule: String
        let detail: String
    }

    static func value(_ raw: Any, of field: Procedure.FormField, units: AdministrativeUnits, today: LocalDate) -> Result<Value, Problem> {
        func text() -> String? { (raw as? String).map { $0.nfc.trimmingWhitespaceAndNewlines } }
        switch field.type {
        case .text, .phone, .email:
            guard let t = text() else { return .failure(Problem(rule: "type", detail: "must be text")) }
            let limit = field.maxLength ?? 500
            guard t.count <= limit else { return .failure(Problem(rule: "length", detail: "is at most \(limit) characters")) }
            guard !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
                return .failure(Problem(rule: "text", detail: "holds control characters"))
            }
            if field.type == .email, !(t.contains("@") && !t.hasPrefix("@") && !t.hasSuffix("@") && !t.contains(" ")) {
                return .failure(Problem(rule: "email", detail: "is not an e-mail address"))
            }
            if field.type == .phone, !(8...15).contains(t.filter(\.isNumber).count) || t.contains(where: { !($0.isNumber || $0 == "+" || $0 == " ") }) {
                return .failure(Problem(rule: "phone", detail: "is 8 to 15 digits, optionally after +"))
            }
            return .success(.text(t))
        case .name:
            guard let t = text() else { return .failure(Problem(rule: "type", detail: "must be text")) }
            do { return .success(.text(try VietnameseName(t).fullName)) } catch { return .failure(Problem(rule: "name", detail: error.description)) }
        case .date:
            guard let t = text(), let d = try? LocalDate(iso: t) else { return .failure(Problem(rule: "date", detail: "is a date YYYY-MM-DD")) }
            return .success(.date(d))
        case .partialDate:
            guard let t = text(), (try? PartialDate(iso: t)) != nil else { return .failure(Problem(rule: "date", detail: "is YYYY, YYYY-MM or YYYY-MM-DD")) }
            return .success(.text(t))
        case .personalNumber:
            guard let t = text(), let n = try? PersonalNumber(t) else { return .failure(Problem(rule: "personal-number", detail: "is 12 digits")) }
            return .success(.text(n.rawValue))
        case .sex:
            guard let t = text(), Sex(rawValue: t) != nil else { return .failure(Problem(rule: "sex", detail: "is male or female")) }
            return .success(.text(t))
        case .choice:
            guard let t = text(), field.options.contains(t) else {
                return .failure(Problem(rule: "choice", detail: "is one of \(field.options.joined(separator: ", "))"))
            }
            return .success(.text(t))
        case .integer:
            guard let n = raw as? NSNumber, String(cString: n.objCType) != "c", let i = Int(exactly: n.doubleValue), (0...1_000_000).contains(i) else {
                return .failure(Problem(rule: "integer", detail: "is a whole number from 0 to 1,000,000"))
            }
            return .success(.integer(i))
        case .boolean:
            guard let n = raw as? NSNumber, String(cString: n.objCType) == "c" else { return .failure(Problem(rule: "boolean", detail: "is true or false")) }
            return .success(.boolean(n.boolValue))
        case .place:
            guard let o = raw as? [String: Any], let ward = o["wardCode"] as? String, Set(o.keys).isSubset(of: ["wardCode", "detail"]) else {
                return .failure(Problem(rule: "place", detail: "is {\"wardCode\": current ward code, \"detail\": house and street}"))
            }
            guard let unit = units.ward(ward) else { return .failure(Problem(rule: "place", detail: "has no current ward \(ward.prefix(12))")) }
            let detail = (o["detail"] as? String)?.nfc.trimmingWhitespaceAndNewlines
            guard (detail?.count ?? 0) <= 200 else { return .failure(Problem(rule: "place", detail: "its detail is at most 200 characters")) }
            return .success(.place(Place(provinceCode: unit.provinceCode, wardCode: unit.code, detail: detail?.isEmpty == true ? nil : detail)))
        }
    }
}
