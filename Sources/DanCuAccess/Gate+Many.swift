public import DanCuCore
@_spi(Gate) import DanCuRegister

/// Work over many people in one request (a member system's batch verification): the request is judged
/// once for its purpose, each person by the rules of their own area, all are read at once, and the log
/// gets one append for all of them: an allowed entry for each person read (a number the register lacks
/// too, as a single read logs it), a denied one for each person refused.
extension Gate {
    /// What the work may know of one person.
    public enum ManyRead: Sendable, Equatable {
        /// The current record, and its version: the number of the person's last life event.
        case person(Person, version: Int)
        /// Not in the register; told only to a caller who may read everyone.
        case absent
        /// Refused by `need` with this reason; a number the register lacks is refused the same way for
        /// a caller who may not read everyone, so the work learns nothing of people outside its area.
        case refused(String)
    }

    /// Reads `numbers` for `request`, each judged by `need` for the person's area, and logs each once
    /// (a number asked twice is read and logged once). The entries are appended before the answer is
    /// handed back, so no read escapes the log. A request without a purpose is refused as a whole.
    public func readMany(
        _ numbers: [PersonalNumber], for request: AccessRequest, need: (Area) -> AccessPolicy.Need, action: String, fields: [String]
    ) async throws -> [String: ManyRead] {
        try await requirePurpose(request, subject: nil, action: action, fields: fields)
        var unique: [PersonalNumber] = []
        var seen = Set<String>()
        for number in numbers where seen.insert(number.rawValue).inserted { unique.append(number) }
        let found = try await register.persons(unique)
        let outsider = AccessPolicy.refusal(request, need(Area()))
        var answers: [String: ManyRead] = [:]
        var entries: [AccessLogEntry] = []
        entries.reserveCapacity(unique.count)
        for number in unique {
            let subject = number.rawValue
            let answer: ManyRead
            let refusal: String?  // as the log keeps it
            if let current = found[subject] {
                let denied = AccessPolicy.refusal(request, need(Area(of: current.person, units: units)))
                answer = denied.map { .refused($0.reason) } ?? .person(current.person, version: current.version)
                refusal = denied?.reason
            } else {
                answer = outsider.map { .refused($0.reason) } ?? .absent
                refusal = outsider == nil ? nil : "not in the register"
            }
            answers[subject] = answer
            entries.append(
                entry(request, subject: subject, action: action, fields: fields, decision: refusal == nil ? .allowed : .denied, reason: refusal))
        }
        try await log.append(entries)
        return answers
    }
}
