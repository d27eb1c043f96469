/// The rules a procedure must keep beyond each member's own shape: names that refer to each other,
/// the steps' order, who may do what, and the once-only rule. Pure; the reader runs them on every file.
enum ProcedureRules {
    struct Problem: Equatable {
        let field: String
        let reason: String
    }

    /// The largest attachment a procedure may accept: 10 MB, as the national portal does.
    static let largestAttachment = 10 * 1_024 * 1_024
    /// The media types an attachment may have: documents and scans.
    static let mediaTypes: Set<String> = ["application/pdf", "image/jpeg", "image/png"]

    static func problems(of p: Procedure) -> [Problem] {
        var problems: [Problem] = []
        func complain(_ field: String, _ reason: String) { problems.append(Problem(field: field, reason: reason)) }

        // The form.
        var names: Set<String> = []
        for (i, field) in p.fields.enumerated() {
            let here = "/fields/\(i)"
            if !isFieldName(field.name) { complain(here + "/name", "is 1 to 48 ASCII letters and digits, starting with a lower-case letter") }
            if !names.insert(field.name).inserted { complain(here + "/name", "'\(field.name)' names a field twice") }
            if field.register != nil, field.required {
                complain(here + "/required", "a field the register fills is never asked, so it cannot be required of the applicant")
            }
            if field.type == .choice, field.options.isEmpty { complain(here + "/options", "a choice lists its options") }
            if field.type != .choice, !field.options.isEmpty { complain(here + "/options", "only a choice has options") }
            if field.register?.person == .subject, p.applicants.subject == .applicant || p.applicants.subject == .newborn {
                complain(here + "/register", "this procedure's subject is \(p.applicants.subject.rawValue), which has no record of its own to read")
            }
            if field.register == nil, let askedInstead = askedRegisterField(field) {
                complain(
                    here + "/name",
                    "asks for the applicant's \(askedInstead), which the register holds: take it with \"register\": \"applicant.\(askedInstead)\" (once-only)")
            }
        }
        if case .field(let name) = p.jurisdiction {
            if let field = p.fields.first(where: { $0.name == name }) {
                if field.type != .place || field.register != nil || !field.required {
                    complain("/jurisdiction/field", "'\(name)' must be a required place the applicant gives")
                }
            } else {
                complain("/jurisdiction/field", "'\(name.prefix(60))' is not a field of the form")
            }
        }
        if p.applicants.subject == .deceased || p.applicants.subject == .couple {
            let needed = p.applicants.subject == .deceased ? "deceased" : "partner"
            if !p.fields.contains(where: { $0.name == needed && $0.type == .personalNumber && $0.register == nil && $0.required }) {
                complain("/fields", "a procedure about the \(needed) asks for their personal number in a required field '\(needed)'")
            }
        }
        if case .subjectResidence = p.jurisdiction, p.applicants.subject != .deceased, p.applicants.subject != .couple {
            complain("/jurisdiction/from", "subject-residence needs a subject of the register (deceased or couple)")
        }
        if p.applicants.subjectMaximumAge != nil, p.applicants.subject == .applicant {
            complain("/applicants/subjectMaximumAge", "limits the subject's age, and this procedure's subject is the applicant")
        }

        // Attachments.
        var codes: Set<String> = []
        for (i, attachment) in p.attachments.enumerated() {
            let here = "/attachments/\(i)"
            if !Procedure.isCode(attachment.code) { complain(here + "/code", "is 2 to 48 of a-z, 0-9 and -, starting with a letter") }
            if !codes.insert(attachment.code).inserted { complain(here + "/code", "'\(attachment.code)' names an attachment twice") }
            if attachment.mediaTypes.isEmpty { complain(here + "/mediaTypes", "lists at least one media type") }
            for (j, type) in attachment.mediaTypes.enumerated() where !mediaTypes.contains(type) {
                complain(here + "/mediaTypes/\(j)", "'\(type.prefix(60))' is not accepted: use \(mediaTypes.sorted().joined(separator: ", "))")
            }
        }

        // Steps: unique ids, each after steps declared before it (so the order has no cycle), the desk
        // that may take the action, a member for a member-system step and for no other.
        if p.steps.isEmpty { complain("/steps", "has at least one step") }
        var declared: [String: Procedure.Step] = [:]
        for (i, step) in p.steps.enumerated() {
            let here = "/steps/\(i)"
            if !Procedure.isCode(step.id) { complain(here + "/id", "is 2 to 48 of a-z, 0-9 and -, starting with a letter") }
            if declared[step.id] != nil { complain(here + "/id", "'\(step.id)' names a step twice") }
            for (j, before) in step.after.enumerated() where declared[before] == nil {
                complain(here + "/after/\(j)", "'\(before.prefix(60))' is not a step declared before this one")
            }
            if Set(step.after).count != step.after.count { complain(here + "/after", "names a step twice") }
            if !step.action.desks.contains(step.desk) {
                complain(
                    here + "/action",
                    "\(step.action.rawValue) is done by \(step.action.desks.map(\.rawValue).sorted().joined(separator: " or ")), not \(step.desk.rawValue)")
            }
            if step.desk == .memberSystem, step.member == nil { complain(here + "/member", "a member-system step names the member's service that decides it") }
            if step.desk != .memberSystem, step.member != nil { complain(here + "/member", "only a member-system step names a member") }
            if let member = step.member, !isMemberService(member) {
                complain(here + "/member", "'\(member.prefix(60))' is not MEMBER/SUBSYSTEM, each 2 to 32 of A-Z, 0-9 and -, starting with a letter")
            }
            declared[step.id] = step
        }
        if p.applicants.subject == .newborn, p.steps.first?.action != .registerBirth {
            complain("/steps/0/action", "a procedure about a newborn begins by registering the birth, which gives the child a personal number")
        }
        if p.applicants.subject != .newborn, p.steps.contains(where: { $0.action == .registerBirth }) {
            complain("/applicants/subject", "a procedure that registers a birth is about a newborn")
        }
        let longest = longestPath(p.steps)
        if longest > p.processingDays {
            complain("/processingDays", "is \(p.processingDays) working days, but the steps in order take \(longest)")
        }

        // Results.
        if p.results.isEmpty { complain("/results", "names at least one result the applicant receives") }
        for (i, result) in p.results.enumerated() {
            let here = "/results/\(i)"
            guard let step = declared[result.step] else {
                complain(here + "/step", "'\(result.step.prefix(60))' is not a step of this procedure")
                continue
            }
            if result.kind == .linkedRecord || result.kind == .decision {
                if step.desk != .memberSystem { complain(here + "/step", "a \(result.kind.rawValue) comes from a member-system step") }
            }
            if result.kind == .linkedRecord, result.recordType == nil { complain(here + "/recordType", "a linked record names its record type") }
            if result.kind != .linkedRecord, result.recordType != nil { complain(here + "/recordType", "only a linked record has a record type") }
        }
        return problems
    }

    /// The working days of the longest chain of steps, each waiting for the ones it comes after.
    static func longestPath(_ steps: [Procedure.Step]) -> Int {
        var finish: [String: Int] = [:]
        for step in steps {
            let start = step.after.compactMap { finish[$0] }.max() ?? 0
            finish[step.id] = start + step.workingDays
        }
        return finish.values.max() ?? 0
    }

    /// A member system's subsystem as the exchange names it: `BHXH/THE-BHYT`.
    static func isMemberService(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                (2...32).contains(part.count) && part.first.map { $0.isASCII && $0.isUppercase } == true
                    && part.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
            }
    }

    static func isFieldName(_ name: String) -> Bool {
        (1...48).contains(name.count) && name.first.map { $0.isASCII && $0.isLowercase } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// A field the applicant is asked that only repeats their own register data (`fullName`,
    /// `dateOfBirth`): the once-only rule forbids asking it. Fields about someone else (a child's name)
    /// are named otherwise.
    static func askedRegisterField(_ field: Procedure.FormField) -> String? {
        let repeated: Set<String> = ["fullName", "dateOfBirth", "personalNumber", "permanentResidence", "ethnicity", "nationality", "placeOfOrigin"]
        return repeated.contains(field.name) ? field.name : nil
    }
}
