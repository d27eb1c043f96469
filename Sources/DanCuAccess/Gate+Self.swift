import DanCuCore
@_spi(Gate) public import DanCuRegister
import DanCuStore

/// Self-service: a citizen, signed in with their eID, reads their own data. The policy allows it only
/// for the citizen's own personal number, with the purpose `self-service`, and each read is logged like
/// an officer's, so the citizen's own look is in their access log too.
extension Gate {
    /// The citizen's own register record.
    public func ownRecord(for request: AccessRequest) async throws -> VersionedPerson {
        let number = try await ownNumber(request, action: "self-read", fields: Self.wholeRecord)
        let current = try await register.person(number)
        try await logRead(request, subjects: [number.rawValue], action: "self-read", fields: Self.wholeRecord)
        return current
    }

    /// Who read or changed the citizen's data, newest first, `limit` entries before the entry `before`.
    public func ownAccessLog(before: Int64?, limit: Int, for request: AccessRequest) async throws -> [AccessLogEntry] {
        let subject = request.officer.username
        try await authorize(request, .ownData(subject: subject), subject: subject, action: "self-read-access-log", fields: ["accessLog"])
        let page = try await logEntries(of: subject, before: before, limit: limit)
        try await logRead(request, subjects: [subject], action: "self-read-access-log", fields: ["accessLog"])
        return page
    }

    /// Authorizes and logs a self-service read or act on data kept outside the register (the eID account, its
    /// consents, its sign-in history): the caller reads it after this returns.
    public func recordOwnAccess(_ action: String, fields: [String], for request: AccessRequest) async throws {
        let subject = request.officer.username
        try await authorize(request, .ownData(subject: subject), subject: subject, action: action, fields: fields)
        try await logRead(request, subjects: [subject], action: action, fields: fields)
    }

    func ownNumber(_ request: AccessRequest, action: String, fields: [String]) async throws -> PersonalNumber {
        let subject = request.officer.username
        try await authorize(request, .ownData(subject: subject), subject: subject, action: action, fields: fields)
        guard let number = try? PersonalNumber(subject) else { throw AccessError.forbidden("self-service is for people of the register") }
        return number
    }
}
