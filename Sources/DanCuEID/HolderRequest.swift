import DanCuAccess

extension AccessRequest {
    /// The holder of an eID account acting on their own data, as self-service does.
    static func holder(_ subject: String, requestId: String) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: subject, displayName: subject, role: .citizen, jurisdiction: .nation),
            purpose: .selfService, requestId: requestId)
    }
}
