/// Administration: acts that run the system rather than touch a person. Only administrators pass,
/// and each act, allowed or refused, is an access-log entry without a subject.
extension Gate {
    public func administer(_ action: String, target: String, for request: AccessRequest) async throws {
        try await authorize(request, .administration, subject: nil, action: action, fields: [target])
        try await log.append([entry(request, subject: nil, action: action, fields: [target], decision: .allowed)])
    }
}
