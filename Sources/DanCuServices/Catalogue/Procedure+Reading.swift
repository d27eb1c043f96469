import DanCuCore
public import Foundation

extension Procedure {
    static let members = [
        "code", "essentialNumber", "name", "responsibleBody", "legalBasis", "applicants", "jurisdiction", "fields", "attachments", "fee",
        "processingDays", "steps", "results",
    ]

    /// Reads and checks one catalogue file. Every mistake is named with `file` and its field; the file
    /// is refused if it has any.
    public static func read(_ data: Data, file: String) throws(CatalogueError) -> Procedure {
        let reader = FileReader(file: file)
        if let offset = StrictJSON.trailingComma(in: data) {
            throw CatalogueError([CatalogueProblem(file: file, field: "", reason: "is not JSON: a trailing comma at byte \(offset)")])
        }
        guard let document = try? JSONSerialization.jsonObject(with: data) else {
            throw CatalogueError([CatalogueProblem(file: file, field: "", reason: "is not JSON")])
        }
        guard let procedure = read(document, reader), reader.problems.isEmpty else {
            throw CatalogueError(reader.problems.isEmpty ? [CatalogueProblem(file: file, field: "", reason: "is not a procedure")] : reader.problems)
        }
        let problems = ProcedureRules.problems(of: procedure).map { CatalogueProblem(file: file, field: $0.field, reason: $0.reason) }
        guard problems.isEmpty else { throw CatalogueError(problems) }
        return procedure
    }

    private static func read(_ document: Any, _ r: FileReader) -> Procedure? {
        guard let root = r.object(document, at: "", allowed: members) else { return nil }
        let code = r.string(root, "code", at: "", maxLength: 48)
        if let code, !Self.isCode(code) { r.complain("/code", "is 2 to 48 of a-z, 0-9 and -, starting with a letter") }
        let essentialNumber = r.integer(root, "essentialNumber", at: "", range: 1...25, optional: true)
        let name = r.words(root, "name", at: "")
        let body = r.words(root, "responsibleBody", at: "")
        let legalBasis = r.array(root, "legalBasis", at: "", maxCount: 20).compactMap { value, pointer in
            (value as? String).map { $0.precomposedStringWithCanonicalMapping }
                ?? {
                    r.complain(pointer, "must be a string")
                    return nil
                }()
        }
        if root["legalBasis"] != nil, legalBasis.isEmpty { r.complain("/legalBasis", "names at least one law or decree") }
        let applicants = readApplicants(root["applicants"], r)
        let jurisdiction = readJurisdiction(root["jurisdiction"], r)
        let fields = r.array(root, "fields", at: "").compactMap { readField($0, at: $1, r) }
        let attachments = r.array(root, "attachments", at: "", optional: true).compactMap { readAttachment($0, at: $1, r) }
        let fee = readFee(root["fee"], r)
        let processingDays = r.integer(root, "processingDays", at: "", range: 0...90)
        let steps = r.array(root, "steps", at: "", maxCount: 20).compactMap { readStep($0, at: $1, r) }
        let results = r.array(root, "results", at: "", maxCount: 20).compactMap { readResult($0, at: $1, r) }
        guard let code, let name, let body, let applicants, let jurisdiction, let fee, let processingDays, r.problems.isEmpty else { return nil }
        return Procedure(
            code: code, essentialNumber: essentialNumber, name: name, responsibleBody: body, legalBasis: legalBasis, applicants: applicants,
            jurisdiction: jurisdiction, fields: fields, attachments: attachments, fee: fee, processingDays: processingDays, steps: steps,
            results: results)
    }

    static func isCode(_ text: String) -> Bool {
        (2...48).contains(text.count) && text.first.map { $0.isASCII && $0.isLowercase } == true
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    private static func readApplicants(_ value: Any?, _ r: FileReader) -> Applicants? {
        guard let o = r.object(value, at: "/applicants", allowed: ["eidLevel", "minimumAge", "subject", "subjectMaximumAge"]) else { return nil }
        let level = r.integer(o, "eidLevel", at: "/applicants", range: 1...2)
        let age = r.integer(o, "minimumAge", at: "/applicants", range: 0...120)
        let subject = r.choice(o, "subject", at: "/applicants", as: Subject.self)
        let maximum = r.integer(o, "subjectMaximumAge", at: "/applicants", range: 0...150, optional: true)
        guard let level, let age, let subject else { return nil }
        return Applicants(eidLevel: level, minimumAge: age, subject: subject, subjectMaximumAge: maximum)
    }

    private static func readJurisdiction(_ value: Any?, _ r: FileReader) -> JurisdictionSource? {
        guard let o = r.object(value, at: "/jurisdiction", allowed: ["from", "field"]) else { return nil }
        let from = r.string(o, "from", at: "/jurisdiction")
        switch from {
        case "applicant-residence": return .applicantResidence
        case "subject-residence": return .subjectResidence
        case "field":
            return r.string(o, "field", at: "/jurisdiction").map { .field($0) }
        case let other?:
            r.complain("/jurisdiction/from", "'\(other.prefix(60))' is not one of applicant-residence, subject-residence, field")
            return nil
        case nil: return nil
        }
    }

    private static func readField(_ value: Any, at p: String, _ r: FileReader) -> FormField? {
        guard let o = r.object(value, at: p, allowed: ["name", "label", "type", "register", "required", "options", "maxLength"]) else { return nil }
        let name = r.string(o, "name", at: p, maxLength: 48)
        let label = r.words(o, "label", at: p)
        let type = r.choice(o, "type", at: p, as: FieldType.self)
        var path: RegisterPath?
        if let text = r.string(o, "register", at: p, optional: true) {
            path = RegisterPath(text)
            if path == nil {
                r.complain(p + "/register", "'\(text.prefix(60))' is not a register field: use one of \(RegisterPath.all.joined(separator: ", "))")
            }
        }
        let required = r.boolean(o, "required", at: p, default: false)
        let options = r.array(o, "options", at: p, optional: true).compactMap { value, pointer in
            (value as? String)
                ?? {
                    r.complain(pointer, "must be a string")
                    return nil
                }()
        }
        let maxLength = r.integer(o, "maxLength", at: p, range: 1...4_000, optional: true)
        guard let name, let label, let type else { return nil }
        return FormField(name: name, label: label, type: type, register: path, required: required, options: options, maxLength: maxLength)
    }

    private static func readAttachment(_ value: Any, at p: String, _ r: FileReader) -> Attachment? {
        guard let o = r.object(value, at: p, allowed: ["code", "name", "required", "mediaTypes", "maxBytes"]) else { return nil }
        let code = r.string(o, "code", at: p, maxLength: 48)
        let name = r.words(o, "name", at: p)
        let required = r.boolean(o, "required", at: p, default: true)
        let types = r.array(o, "mediaTypes", at: p, maxCount: 10).compactMap { value, pointer in
            (value as? String)
                ?? {
                    r.complain(pointer, "must be a string")
                    return nil
                }()
        }
        let maxBytes = r.integer(o, "maxBytes", at: p, range: 1...ProcedureRules.largestAttachment)
        guard let code, let name, let maxBytes else { return nil }
        return Attachment(code: code, name: name, required: required, mediaTypes: types, maxBytes: maxBytes)
    }

    private static func readFee(_ value: Any?, _ r: FileReader) -> Fee? {
        guard let o = r.object(value, at: "/fee", allowed: ["amount", "note"]) else { return nil }
        let amount = r.integer(o, "amount", at: "/fee", range: 0...100_000_000)
        let note = r.words(o, "note", at: "/fee", optional: true)
        return amount.map { Fee(amount: $0, note: note) }
    }

    private static func readStep(_ value: Any, at p: String, _ r: FileReader) -> Step? {
        guard let o = r.object(value, at: p, allowed: ["id", "name", "desk", "member", "after", "workingDays", "action"]) else { return nil }
        let id = r.string(o, "id", at: p, maxLength: 48)
        let name = r.words(o, "name", at: p)
        let desk = r.choice(o, "desk", at: p, as: Desk.self)
        let member = r.string(o, "member", at: p, optional: true, maxLength: 96)
        let after = r.array(o, "after", at: p, optional: true, maxCount: 20).compactMap { value, pointer in
            (value as? String)
                ?? {
                    r.complain(pointer, "must be a string")
                    return nil
                }()
        }
        let days = r.integer(o, "workingDays", at: p, range: 0...90)
        let action = r.choice(o, "action", at: p, as: StepAction.self)
        guard let id, let name, let desk, let days, let action else { return nil }
        return Step(id: id, name: name, desk: desk, member: member, after: after, workingDays: days, action: action)
    }

    private static func readResult(_ value: Any, at p: String, _ r: FileReader) -> Result? {
        guard let o = r.object(value, at: p, allowed: ["kind", "name", "step", "recordType"]) else { return nil }
        let kind = r.choice(o, "kind", at: p, as: ResultKind.self)
        let name = r.words(o, "name", at: p)
        let step = r.string(o, "step", at: p, maxLength: 48)
        let recordType = r.string(o, "recordType", at: p, optional: true, maxLength: 48)
        guard let kind, let name, let step else { return nil }
        return Result(kind: kind, name: name, step: step, recordType: recordType)
    }
}
