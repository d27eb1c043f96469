import DanCuCore

extension Gate {
    /// Records that `request`'s actor received `fields` of `subject` outside a register read: an OpenID
    /// Connect provider releasing identity claims to a relying party when it issues tokens.
    public func recordRelease(to request: AccessRequest, subject: String, action: String, fields: [String]) async throws {
        try await logRead(request, subjects: [subject], action: action, fields: fields)
    }
}
